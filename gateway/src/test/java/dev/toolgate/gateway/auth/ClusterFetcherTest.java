package dev.toolgate.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What guards the service-account token a gateway sends for its cluster's keys; the fetch itself
 * runs against a real kube-apiserver in {@code ServiceAccountTokensOnRealApiServerTest}.
 */
class ClusterFetcherTest {

  @TempDir Path dir;

  private JsonFetcher fetcher(Path caFile, Path tokenFile) {
    return JsonFetcher.http(Duration.ofSeconds(2), 1024, caFile, tokenFile);
  }

  @Test
  void neverSendsTheTokenOverPlainHttp() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "secret-token");

    assertThatThrownBy(
            () ->
                fetcher(dir.resolve("ca.crt"), token)
                    .get(URI.create("http://127.0.0.1:9/openid/v1/jwks")))
        .isInstanceOf(IOException.class)
        .hasMessage("the service-account token is sent over https only");
  }

  @Test
  void anUnreadableCaFileFailsTheFetchAndNamesTheFile() {
    Path missing = dir.resolve("missing-ca.crt");

    assertThatThrownBy(
            () -> fetcher(missing, null).get(URI.create("https://127.0.0.1:9/openid/v1/jwks")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("missing-ca.crt");
  }

  @Test
  void aCaFileWithoutACertificateFailsTheFetch() throws Exception {
    Path empty = Files.writeString(dir.resolve("ca.crt"), "");

    assertThatThrownBy(
            () -> fetcher(empty, null).get(URI.create("https://127.0.0.1:9/openid/v1/jwks")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("ca.crt");
  }

  @Test
  void anUnreadableTokenFileIsNamedButNeverItsContent() {
    assertThatThrownBy(
            () ->
                fetcher(dir.resolve("ca.crt"), dir.resolve("gone"))
                    .get(URI.create("https://127.0.0.1:9/openid/v1/jwks")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("token file");
  }

  @Test
  void documentsAreAskedForAsJsonOrAsAJwkSet() {
    assertThat(
            HttpDocuments.request(URI.create("https://idp.example.com/jwks"), Duration.ofSeconds(1))
                .build()
                .headers()
                .firstValue("Accept"))
        .contains("application/json, application/jwk-set+json");
  }
}
