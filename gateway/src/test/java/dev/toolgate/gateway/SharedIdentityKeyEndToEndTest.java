package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.toolgate.gateway.auth.Authenticator;
import dev.toolgate.gateway.auth.TestIssuer;
import dev.toolgate.gateway.config.FileConfigSource;
import dev.toolgate.gateway.identity.Openssl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateway replicas behind one Service, as the chart runs them: both read the same identity key
 * file, so the identity token a worker gets through one replica verifies against the JWKS the other
 * serves (which is the one a worker fetching through the Service may well get).
 */
class SharedIdentityKeyEndToEndTest {

  @TempDir static Path dir;
  static TestIssuer issuer;
  static SpyWorker worker;
  static GatewayFixture one;
  static GatewayFixture two;
  static GatewayFixture alone;
  static RawMcp raw;

  @BeforeAll
  static void start() throws Exception {
    issuer = new TestIssuer();
    worker = new SpyWorker();
    Path keys = Files.writeString(dir.resolve("keys.pem"), Openssl.sec1P256());
    String config = AuthEndToEndTest.config(issuer.url(), worker.url());
    UnaryOperator<GatewayOptions> shared = o -> keyPolicy(o).withIdentityKeyFile(keys);
    one = GatewayFixture.startWithConfig(Files.createDirectory(dir.resolve("one")), config, shared);
    // Replica two also serves workers the keys on a port of their own, as the chart runs it.
    two =
        GatewayFixture.startWithConfig(
            Files.createDirectory(dir.resolve("two")),
            config,
            o -> shared.apply(o).withJwksPort(0));
    alone =
        GatewayFixture.startWithConfig(
            Files.createDirectory(dir.resolve("alone")),
            config,
            SharedIdentityKeyEndToEndTest::keyPolicy);
    one.awaitToolCount(2);
    raw = new RawMcp();
  }

  static GatewayOptions keyPolicy(GatewayOptions options) {
    return options.withKeyPolicy(
        new Authenticator.KeyPolicy(
            issuer.fetcher(), Duration.ofMillis(300), Duration.ofMinutes(10)));
  }

  @AfterAll
  static void stop() throws Exception {
    raw.close();
    one.close();
    two.close();
    alone.close();
    worker.close();
    issuer.close();
  }

  @Test
  void aTokenMintedByOneReplicaVerifiesAgainstTheJwksOfTheOther() throws Exception {
    String token =
        issuer
            .token(AuthEndToEndTest.AUDIENCE)
            .subject("alice")
            .scope("billing.get_invoice")
            .sign();
    String url = "http://127.0.0.1:" + one.gateway().port() + "/mcp";
    Map<String, String> auth = Map.of("Authorization", "Bearer " + token);
    ContentResponse opened = raw.send(raw.post(url, RawMcp.INITIALIZE, auth));
    assertThat(opened.getStatus()).isEqualTo(200);
    Map<String, String> session =
        Map.of(
            "Authorization",
            "Bearer " + token,
            "Mcp-Session-Id",
            opened.getHeaders().get("Mcp-Session-Id"));
    ContentResponse called =
        raw.send(raw.post(url, AuthEndToEndTest.call("billing.get_invoice"), session));
    assertThat(called.getContentAsString()).contains("called get_invoice");

    SignedJWT identity =
        SignedJWT.parse(worker.toolCalls().getLast().headers().get("toolgate-identity"));
    String kid = identity.getHeader().getKeyID();
    ECKey fromTwo = (ECKey) workersJwks(two).getKeyByKeyId(kid);
    assertThat(fromTwo).as("replica two publishes the key replica one signed with").isNotNull();
    assertThat(identity.verify(new ECDSAVerifier(fromTwo))).isTrue();
    assertThat(jwks(alone).getKeyByKeyId(kid))
        .as("control: a gateway without the shared file does not know the key")
        .isNull();
  }

  @Test
  void bothReplicasServeTheSameJwks() throws Exception {
    assertThat(jwks(one).toString())
        .isEqualTo(jwks(two).toString())
        .isEqualTo(workersJwks(two).toString());
  }

  @Test
  void theWorkersJwksPortServesTheKeysAndNothingElse() throws Exception {
    assertThat(one.gateway().jwksPort()).as("off unless asked for").isEqualTo(-1);
    String base = "http://127.0.0.1:" + two.gateway().jwksPort();
    ContentResponse keys = raw.http().GET(base + "/.well-known/jwks.json");
    assertThat(keys.getStatus()).isEqualTo(200);
    assertThat(keys.getHeaders().get("Cache-Control")).isEqualTo("public, max-age=300");
    assertThat(keys.getContentAsString()).doesNotContain("\"d\"");
    assertThat(raw.http().GET(base + "/mcp").getStatus()).isEqualTo(404);
    assertThat(raw.http().GET(base + "/.well-known/oauth-protected-resource").getStatus())
        .isEqualTo(404);
    assertThat(raw.http().GET(base + "/metrics").getStatus()).isEqualTo(404);
    assertThat(raw.send(raw.post(base + "/.well-known/jwks.json", "{}", Map.of())).getStatus())
        .isEqualTo(405);
  }

  @Test
  void aGatewayWithABadKeyFileDoesNotStartAndSaysWhy() throws Exception {
    Path missing = dir.resolve("missing.pem");
    assertThatThrownBy(() -> startWithKeyFile(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--identity-key-file " + missing + " does not exist");
    Path bad = Files.writeString(dir.resolve("bad.pem"), Openssl.pkcs8P256().substring(0, 80));
    assertThatThrownBy(() -> startWithKeyFile(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds no PEM private key");
  }

  static void startWithKeyFile(Path keys) throws Exception {
    Path config = dir.resolve("bad-config.yaml");
    Files.writeString(config, GatewayFixture.config(java.util.List.of()));
    GatewayOptions options =
        GatewayOptions.defaults()
            .withAudit(Audits::quiet)
            .withHost("127.0.0.1")
            .withPort(0)
            .withAdminPort(-1)
            .withConfigFile(config)
            .withIdentityKeyFile(keys);
    Gateway.start(options, new FileConfigSource(config, Duration.ofMillis(100))).close();
  }

  /** What a worker fetches: the JWKS-only listener. */
  static JWKSet workersJwks(GatewayFixture gateway) throws Exception {
    return JWKSet.parse(
        raw.http()
            .GET("http://127.0.0.1:" + gateway.gateway().jwksPort() + "/.well-known/jwks.json")
            .getContentAsString());
  }

  static JWKSet jwks(GatewayFixture gateway) throws Exception {
    return JWKSet.parse(
        raw.http()
            .GET("http://127.0.0.1:" + gateway.gateway().port() + "/.well-known/jwks.json")
            .getContentAsString());
  }
}
