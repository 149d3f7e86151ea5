package dev.toolgate.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
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

  private IdentityTokens.Claims claims(Duration lifetime, String tool) {
    return new IdentityTokens.Claims(
        "https://mcp.example.com/mcp",
        "http://billing.tools.svc.cluster.local:8080/mcp",
        alice,
        List.of("billing.get_invoice"),
        tool,
        "c2Vzc2lvbg",
        lifetime);
  }

  private String mint(Duration lifetime) {
    return tokens.mint(claims(lifetime, "billing.get_invoice"));
  }

  static boolean verifies(String token, byte[] jwks) throws Exception {
    SignedJWT jwt = SignedJWT.parse(token);
    ECKey key =
        (ECKey)
            JWKSet.parse(new String(jwks, StandardCharsets.UTF_8))
                .getKeyByKeyId(jwt.getHeader().getKeyID());
    return key != null && jwt.verify(new ECDSAVerifier(key));
  }

  @Test
  void aMintedTokenVerifiesAgainstThePublishedJwksAndSaysWhoCalls() throws Exception {
    String token = mint(Duration.ofSeconds(30));

    assertThat(verifies(token, keys.jwks())).isTrue();
    SignedJWT jwt = SignedJWT.parse(token);
    assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
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
    assertThat(claims.getJWTID()).isNotBlank();
    assertThat(
            Duration.between(
                claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
        .isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aTokenNeverLivesLongerThanFiveMinutes() throws Exception {
    JWTClaimsSet claims = SignedJWT.parse(mint(Duration.ofMinutes(30))).getJWTClaimsSet();
    assertThat(
            Duration.between(
                claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
        .isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void everyTokenHasItsOwnId() throws Exception {
    assertThat(SignedJWT.parse(mint(Duration.ofSeconds(5))).getJWTClaimsSet().getJWTID())
        .isNotEqualTo(SignedJWT.parse(mint(Duration.ofSeconds(5))).getJWTClaimsSet().getJWTID());
  }

  @Test
  void afterARotationTokensOfThePreviousKeyStillVerifyAndTheNextKeyIsAlreadyPublished()
      throws Exception {
    String before = mint(Duration.ofSeconds(30));
    byte[] jwksBefore = keys.jwks();
    keys.rotate();
    String after = mint(Duration.ofSeconds(30));

    assertThat(verifies(before, keys.jwks())).isTrue();
    assertThat(verifies(after, jwksBefore)).as("published before it signed").isTrue();
    keys.rotate();
    keys.rotate();
    assertThat(verifies(before, keys.jwks())).as("two rotations later it is gone").isFalse();
  }

  @Test
  void theJwksHoldsPublicKeysOnly() {
    String jwks = new String(keys.jwks(), StandardCharsets.UTF_8);
    assertThat(jwks).contains("\"crv\":\"P-256\"").contains("\"alg\":\"ES256\"");
    assertThat(jwks).doesNotContain("\"d\"");
  }

  @Test
  void aYoungTokenIsReusedForTheSameClaimsAndNeverForOthers() {
    String first = tokens.tokenFor(claims(Duration.ofSeconds(30), "billing.get_invoice"));
    assertThat(tokens.tokenFor(claims(Duration.ofSeconds(30), "billing.get_invoice")))
        .isSameAs(first);
    assertThat(tokens.tokenFor(claims(Duration.ofSeconds(30), "billing.send_refund")))
        .isNotEqualTo(first);
  }

  @Test
  void aReusedTokenIsReplacedOnceHalfItsLifeIsGone() {
    MovableClock clock = new MovableClock();
    IdentityTokens timed = new IdentityTokens(keys, clock);
    String first = timed.tokenFor(claims(Duration.ofSeconds(30), "t"));
    clock.now = clock.now.plusSeconds(14);
    assertThat(timed.tokenFor(claims(Duration.ofSeconds(30), "t"))).isSameAs(first);
    clock.now = clock.now.plusSeconds(2);
    assertThat(timed.tokenFor(claims(Duration.ofSeconds(30), "t"))).isNotEqualTo(first);
  }

  @Test
  void aTokenOfAKeyNoLongerPublishedIsNotReused() {
    String first = tokens.tokenFor(claims(Duration.ofMinutes(5), "t"));
    keys.rotate();
    keys.rotate();
    assertThat(tokens.tokenFor(claims(Duration.ofMinutes(5), "t"))).isNotEqualTo(first);
  }

  static final class MovableClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
