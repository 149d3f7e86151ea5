package dev.toolgate.gateway.auth;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Fetches a cluster's service-account issuer documents the way a pod reaches its API server: TLS
 * trusting only the cluster's certificate authorities, and the pod's service-account token as
 * bearer (an API server lets only authenticated callers read {@code /openid/v1/jwks} unless
 * anonymous discovery was granted). The token goes only over https to a server whose certificate
 * those authorities signed, never in a message.
 */
final class ClusterFetcher implements JsonFetcher {

  private final Duration timeout;
  private final int maxBytes;
  private final Path caFile;
  private final Path tokenFile;
  private byte[] caBytes;
  private HttpClient client;

  /**
   * @param tokenFile null to fetch without credentials
   */
  ClusterFetcher(Duration timeout, int maxBytes, Path caFile, Path tokenFile) {
    this.timeout = timeout;
    this.maxBytes = maxBytes;
    this.caFile = caFile;
    this.tokenFile = tokenFile;
  }

  @Override
  public String get(URI url) throws IOException {
    HttpRequest.Builder request = HttpDocuments.request(url, timeout);
    if (tokenFile != null) {
      if (!"https".equalsIgnoreCase(url.getScheme())) {
        throw new IOException("the service-account token is sent over https only");
      }
      String token;
      try {
        token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new IOException("the token file " + tokenFile + " cannot be read", e);
      }
      request.header("Authorization", "Bearer " + token);
    }
    return HttpDocuments.fetch(client(), request.build(), maxBytes);
  }

  /** The client for the authorities in the CA file now; rebuilt when the file changed. */
  private synchronized HttpClient client() throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(caFile);
    } catch (IOException e) {
      throw new IOException("the CA file " + caFile + " cannot be read", e);
    }
    if (client == null || !Arrays.equals(bytes, caBytes)) {
      client = HttpDocuments.client(timeout, trusting(bytes));
      caBytes = bytes;
    }
    return client;
  }

  private SSLContext trusting(byte[] pem) throws IOException {
    try {
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem));
      if (certificates.isEmpty()) {
        throw new IOException("the CA file " + caFile + " holds no certificate");
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, trust.getTrustManagers(), null);
      return ssl;
    } catch (GeneralSecurityException e) {
      throw new IOException("the CA file " + caFile + " is not usable: " + e.getMessage(), e);
    }
  }
}
