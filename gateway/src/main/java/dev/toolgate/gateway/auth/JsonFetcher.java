package dev.toolgate.gateway.auth;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
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

  /** The production fetcher, on the JDK's HTTP client and the JDK's trusted authorities. */
  static JsonFetcher http(Duration timeout, int maxBytes) {
    HttpClient client = HttpDocuments.client(timeout, null);
    return url ->
        HttpDocuments.fetch(client, HttpDocuments.request(url, timeout).build(), maxBytes);
  }

  /**
   * A fetcher that trusts only the certificate authorities in {@code caFile} (a cluster's API
   * server) and, when {@code tokenFile} is given, sends its content as a bearer token, over https
   * only. Both files are read at every fetch, so a rotated token or authority is picked up.
   */
  static JsonFetcher http(Duration timeout, int maxBytes, Path caFile, Path tokenFile) {
    return new ClusterFetcher(timeout, maxBytes, caFile, tokenFile);
  }
}
