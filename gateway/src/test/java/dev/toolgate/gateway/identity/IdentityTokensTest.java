package dev.toolgate.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.toolgate.gateway.auth.Ed25519Keys;
import dev.toolgate.gateway.auth.Ed25519Verifier;
import dev.toolgate.gateway.auth.Principal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdentityTokensTest {

  private final IdentityKeys keys = new IdentityKeys();
  private final IdentityTokens tokens = new IdentityTokens(keys, Clock.systemUTC());
  private final Principal alice =
      new Principal(
          "https://idp.example.com",
          "alice \"the\" admin",
          "agent-1",
          Set.of("finance"),
          Set.of("billing.get_invoice", "other"),
          Instant.now().plusSeconds(300),
          Duration.ofMinutes(5),
          false);

  private String mint(Duration lifetime, String traceId) {
    return tokens.mint(
        new IdentityTokens.Claims(
            "https://mcp.example.com/mcp",
            "http://billing.tools.svc.cluster.local:8080/mcp",
            alice,
            List.of("billing.get_invoice"),
            "billing.get_invoice",
            "c2Vzc2lvbg",
            traceId,
            lifetime));
  }

  static boolean verifies(String token, byte[] jwks) throws Exception {
    SignedJWT jwt = SignedJWT.parse(token);
    OctetKeyPair key =
        (OctetKeyPair)
            JWKSet.parse(new String(jwks, StandardCharsets.UTF_8))
                .getKeyByKeyId(jwt.getHeader().getKeyID());
    return key != null
        && jwt.verify(new Ed25519Verifier(Ed25519Keys.publicKey(key.getX().decode())));
  }

  @Test
  void aMintedTokenVerifiesAgainstThePublishedJwksAndSaysWhoCalls() throws Exception {
    String token = mint(Duration.ofSeconds(30), "4bf92f3577b34da6a3ce929d0e0e4736");

    assertThat(verifies(token, keys.jwks())).isTrue();
    SignedJWT jwt = SignedJWT.parse(token);
    assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("EdDSA");
    assertThat(jwt.getHeader().getType().getType()).isEqualTo("toolgate-identity+jwt");
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo("https://mcp.example.com/mcp");
    assertThat(claims.getAudience())
        .containsExactly("http://billing.tools.svc.cluster.local:8080/mcp");
    assertThat(claims.getSubject()).isEqualTo("alice \"the\" admin");
    assertThat(claims.getStringClaim("caller_iss")).isEqualTo("https://idp.example.com");
    assertThat(claims.getStringClaim("client_id")).isEqualTo("agent-1");
    assertThat(claims.getStringListClaim("groups")).containsExactly("finance");
    assertThat(claims.getStringClaim("scope")).isEqualTo("billing.get_invoice");
    assertThat(claims.getStringClaim("tool")).isEqualTo("billing.get_invoice");
    assertThat(claims.getStringClaim("session")).isEqualTo("c2Vzc2lvbg");
    assertThat(claims.getStringClaim("trace_id")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(claims.getJWTID()).isNotBlank();
    assertThat(
            Duration.between(
                claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
        .isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aTokenNeverLivesLongerThanFiveMinutes() throws Exception {
    JWTClaimsSet claims = SignedJWT.parse(mint(Duration.ofMinutes(30), null)).getJWTClaimsSet();
    assertThat(
            Duration.between(
                claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(claims.getClaim("trace_id")).isNull();
  }

  @Test
  void everyTokenHasItsOwnId() throws Exception {
    assertThat(SignedJWT.parse(mint(Duration.ofSeconds(5), null)).getJWTClaimsSet().getJWTID())
        .isNotEqualTo(
            SignedJWT.parse(mint(Duration.ofSeconds(5), null)).getJWTClaimsSet().getJWTID());
  }

  @Test
  void afterARotationTokensOfThePreviousKeyStillVerifyAndTheNextKeyIsAlreadyPublished()
      throws Exception {
    String before = mint(Duration.ofSeconds(30), null);
    byte[] jwksBefore = keys.jwks();
    keys.rotate();
    String after = mint(Duration.ofSeconds(30), null);

    assertThat(verifies(before, keys.jwks())).isTrue();
    assertThat(verifies(after, jwksBefore)).as("published before it signed").isTrue();
    keys.rotate();
    keys.rotate();
    assertThat(verifies(before, keys.jwks())).as("two rotations later it is gone").isFalse();
  }

  @Test
  void theJwksHoldsPublicKeysOnly() {
    String jwks = new String(keys.jwks(), StandardCharsets.UTF_8);
    assertThat(jwks).contains("\"crv\":\"Ed25519\"").contains("\"alg\":\"EdDSA\"");
    assertThat(jwks).doesNotContain("\"d\"");
  }

  @Test
  void readsTheTraceIdOfAWellFormedTraceparentOnly() {
    assertThat(IdentityTokens.traceId("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
        .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(IdentityTokens.traceId("00-XYZ-00f067aa0ba902b7-01")).isNull();
    assertThat(IdentityTokens.traceId(null)).isNull();
  }
}
