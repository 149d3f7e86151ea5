package dev.toolgate.gateway.auth;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Fetches a small JSON document (issuer metadata, a JWKS) over HTTP: no redirects (a key source
 * that moves is suspicious), short timeouts and a size bound, so a slow or hostile key endpoint
 * costs the gateway little.
 */
public interface JsonFetcher {

  /**
   * @throws IOException when the document cannot be had: connection, status other than 200, too
   *     large
   */
  String get(URI url) throws IOException;

  /** The production fetcher, on the JDK's HTTP client. */
  static JsonFetcher http(Duration timeout, int maxBytes) {
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    return url -> {
      HttpRequest request =
          HttpRequest.newBuilder(url)
              .timeout(timeout)
              .header("Accept", "application/json")
              .header("User-Agent", "toolgate-gateway")
              .GET()
              .build();
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
    };
  }
}
