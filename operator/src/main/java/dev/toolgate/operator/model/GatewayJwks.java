package dev.toolgate.operator.model;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where workers fetch the gateway's identity keys: the URL they are given, and the port of the
 * gateway pods behind it that their NetworkPolicy opens. The gateway serves only its JWKS on that
 * port, so a worker allowed there reaches nothing else of the gateway (not {@code /mcp}).
 *
 * @param url the JWKS URL, as workers resolve it (the gateway's JWKS Service)
 * @param podPort the gateway pods' JWKS port, which the Service forwards to
 */
public record GatewayJwks(String url, int podPort) {

  /**
   * The URL must name its port, which is also the pods' port (the chart's JWKS Service forwards to
   * the same number), so that one setting is enough.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static GatewayJwks parse(String url) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("--gateway-jwks-url is not a URL: " + url);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
        || uri.getHost() == null
        || uri.getPort() < 1) {
      throw new IllegalArgumentException(
          "--gateway-jwks-url expects http(s)://HOST:PORT/PATH with the gateway's JWKS port, got "
              + url);
    }
    return new GatewayJwks(uri.toString(), uri.getPort());
  }
}
