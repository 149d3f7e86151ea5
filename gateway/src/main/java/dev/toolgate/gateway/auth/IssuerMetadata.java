package dev.toolgate.gateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds an issuer's {@code jwks_uri} in its metadata: OAuth 2.0 Authorization Server Metadata (RFC
 * 8414) first, then OpenID Connect Discovery, in the order the MCP authorization spec gives
 * clients. The metadata's {@code issuer} must be the issuer asked about (RFC 8414 section 3.3), or
 * a document served elsewhere could name its own keys.
 */
final class IssuerMetadata {

  private static final ObjectMapper JSON = new ObjectMapper();

  private IssuerMetadata() {}

  static URI discoverJwksUri(String issuer, JsonFetcher fetcher) throws IOException {
    List<String> failures = new ArrayList<>();
    for (URI candidate : candidates(issuer)) {
      JsonNode metadata;
      try {
        metadata = JSON.readTree(fetcher.get(candidate));
      } catch (IOException e) {
        failures.add(candidate.getPath() + ": " + e.getMessage());
        continue;
      }
      if (!issuer.equals(metadata.path("issuer").asText(null))) {
        failures.add(candidate.getPath() + ": names another issuer");
        continue;
      }
      String jwks = metadata.path("jwks_uri").asText(null);
      if (jwks == null) {
        failures.add(candidate.getPath() + ": no jwks_uri");
        continue;
      }
      URI uri = URI.create(jwks);
      if (!"https".equalsIgnoreCase(uri.getScheme())
          && !("http".equalsIgnoreCase(uri.getScheme())
              && uri.getHost() != null
              && dev.toolgate.api.config.GatewayConfigValidator.isLoopback(uri.getHost()))) {
        failures.add(candidate.getPath() + ": jwks_uri is not https");
        continue;
      }
      return uri;
    }
    throw new IOException("no usable metadata (" + String.join("; ", failures) + ")");
  }

  /** RFC 8414 path insertion, OIDC path insertion, then OIDC path appending. */
  static List<URI> candidates(String issuer) {
    URI uri = URI.create(issuer);
    String origin = uri.getScheme() + "://" + uri.getRawAuthority();
    String path = uri.getRawPath() == null || uri.getRawPath().equals("/") ? "" : uri.getRawPath();
    if (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (path.isEmpty()) {
      return List.of(
          URI.create(origin + "/.well-known/oauth-authorization-server"),
          URI.create(origin + "/.well-known/openid-configuration"));
    }
    return List.of(
        URI.create(origin + "/.well-known/oauth-authorization-server" + path),
        URI.create(origin + "/.well-known/openid-configuration" + path),
        URI.create(origin + path + "/.well-known/openid-configuration"));
  }
}
