package dev.toolgate.gateway.auth;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/** The HTTP rules of every {@link JsonFetcher}: no redirects, short timeouts, bounded bodies. */
final class HttpDocuments {

  static final String ACCEPT = "application/json, application/jwk-set+json";

  private HttpDocuments() {}

  /** A client that follows no redirect; {@code ssl} null for the JDK's default trust. */
  static HttpClient client(Duration timeout, SSLContext ssl) {
    HttpClient.Builder builder =
        HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER);
    if (ssl != null) {
      builder.sslContext(ssl);
    }
    return builder.build();
  }

  /**
   * A GET that accepts JSON and a JWKS's own media type (RFC 7517): a kube-apiserver answers 406 to
   * a request for its {@code /openid/v1/jwks} that does not accept {@code
   * application/jwk-set+json}.
   */
  static HttpRequest.Builder request(URI url, Duration timeout) {
    return HttpRequest.newBuilder(url)
        .timeout(timeout)
        .header("Accept", ACCEPT)
        .header("User-Agent", "toolgate-gateway")
        .GET();
  }

  /** Sends the request; the body when the answer is 200 and at most {@code maxBytes} long. */
  static String fetch(HttpClient client, HttpRequest request, int maxBytes) throws IOException {
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw new IOException("HTTP " + response.statusCode());
      }
      byte[] bytes = body.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        throw new IOException("larger than " + maxBytes + " bytes");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }
}
