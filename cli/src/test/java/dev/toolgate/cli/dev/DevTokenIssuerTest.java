package dev.toolgate.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.SignedJWT;
import dev.toolgate.gateway.GatewayOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The development issuer exists only beside a dev-mode gateway on loopback. */
class DevTokenIssuerTest {

  static final GatewayOptions DEV =
      GatewayOptions.defaults().withHost("127.0.0.1").withConfigFile(Path.of("config.yaml"));

  @Test
  void refusesAGatewayThatReadsTheClustersConfigMap() {
    GatewayOptions cluster =
        GatewayOptions.defaults().withHost("127.0.0.1").withConfigMap("ns/cfg");
    assertThatThrownBy(() -> DevTokenIssuer.start(cluster, 0, "http://localhost/mcp", s -> null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dev-mode gateway");
  }

  @Test
  void refusesAGatewayListeningBeyondLoopback() {
    GatewayOptions open = DEV.withHost("0.0.0.0");
    assertThatThrownBy(() -> DevTokenIssuer.start(open, 0, "http://localhost/mcp", s -> null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("loopback");
  }

  @Test
  void servesItsKeysAndTokensOnLoopbackOnly() throws Exception {
    DevTokenIssuer.Grant grant =
        new DevTokenIssuer.Grant(
            List.of("finance.read"), List.of("finance-agents"), null, Duration.ofMinutes(10));
    try (DevTokenIssuer issuer =
        DevTokenIssuer.start(
            DEV, 0, "http://localhost:8080/mcp", s -> s.equals("finance.read") ? grant : null)) {
      assertThat(URI.create(issuer.issuer()).getHost()).isEqualTo("127.0.0.1");
      HttpClient http = HttpClient.newHttpClient();
      String jwks =
          http.send(
                  HttpRequest.newBuilder(URI.create(issuer.issuerConfig().jwksUri())).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(jwks).contains("\"kty\":\"EC\"").doesNotContain("\"d\":");
      HttpResponse<String> token =
          http.send(
              HttpRequest.newBuilder(URI.create(issuer.tokenUrl() + "?scope=finance.read")).build(),
              HttpResponse.BodyHandlers.ofString());
      SignedJWT jwt = SignedJWT.parse(token.body().trim());
      assertThat(jwt.getJWTClaimsSet().getStringClaim("scope")).isEqualTo("finance.read");
      assertThat(jwt.getJWTClaimsSet().getStringListClaim("groups"))
          .containsExactly("finance-agents");
      assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("http://localhost:8080/mcp");
      assertThat(
              Duration.between(
                  jwt.getJWTClaimsSet().getIssueTime().toInstant(),
                  jwt.getJWTClaimsSet().getExpirationTime().toInstant()))
          .isEqualTo(Duration.ofMinutes(10));
      assertThat(
              http.send(
                      HttpRequest.newBuilder(URI.create(issuer.tokenUrl() + "?scope=admin"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(404);
    }
  }
}
