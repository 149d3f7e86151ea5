package dev.toolgate.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.toolgate.api.config.IssuerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {

  static final String AUDIENCE = "https://mcp.example.com/mcp";

  static TestIssuer issuer;
  static TokenVerifier verifier;

  @BeforeAll
  static void start() throws Exception {
    issuer = new TestIssuer();
    verifier = verifier(List.of("RS256", "ES256", "PS256", "EdDSA"));
  }

  @AfterAll
  static void stop() throws Exception {
    issuer.close();
  }

  static TokenVerifier verifier(List<String> algorithms) {
    return verifier(new IssuerConfig(issuer.url(), null, algorithms, null));
  }

  static TokenVerifier verifier(IssuerConfig config) {
    IssuerKeys keys =
        new IssuerKeys(
            issuer.url(),
            null,
            issuer.fetcher(),
            Clock.systemUTC(),
            Duration.ofSeconds(30),
            Duration.ofMinutes(10));
    return new TokenVerifier(
        Map.of(issuer.url(), TrustedIssuer.of(config, keys)),
        new ResourceUrls(AUDIENCE),
        Duration.ofMinutes(15),
        Duration.ofSeconds(30),
        "groups",
        Clock.systemUTC());
  }

  private static TestIssuer.Token token() {
    return issuer.token(AUDIENCE);
  }

  private static void assertRefused(String token, String reason) {
    assertThatThrownBy(() -> verifier.verify(token))
        .isInstanceOf(TokenRefused.class)
        .hasMessageContaining(reason)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token));
  }

  @Test
  void acceptsAValidTokenAndReadsTheCaller() throws Exception {
    VerifiedToken verified =
        verifier.verify(
            token()
                .scope("billing.get_invoice billing:read")
                .claim("groups", List.of("finance", "ops"))
                .sign());

    Principal caller = verified.principal();
    assertThat(caller.issuer()).isEqualTo(issuer.url());
    assertThat(caller.subject()).isEqualTo("alice");
    assertThat(caller.clientId()).isEqualTo("agent-1");
    assertThat(caller.scopes()).containsExactlyInAnyOrder("billing.get_invoice", "billing:read");
    assertThat(caller.groups()).containsExactlyInAnyOrder("finance", "ops");
    assertThat(caller.lifetime()).isEqualTo(Duration.ofMinutes(5));
    assertThat(verified.audiences()).containsExactly(AUDIENCE);
  }

  @Test
  void acceptsEs256PssAndEdDsaFromTheIssuersKeys() throws Exception {
    assertThat(verifier.verify(token().signedWith(JWSAlgorithm.ES256, issuer.ec).sign()))
        .isNotNull();
    assertThat(verifier.verify(token().signedWith(JWSAlgorithm.PS256, issuer.rsa).sign()))
        .isNotNull();
    assertThat(verifier.verify(token().signedWith(JWSAlgorithm.EdDSA, issuer.ed25519).sign()))
        .isNotNull();
  }

  @Test
  void scopesComeFromAScopeStringOrScpAndScopeArrays() throws Exception {
    assertThat(verifier.verify(token().claim("scp", List.of("a", "b")).sign()).principal().scopes())
        .containsExactlyInAnyOrder("a", "b");
    assertThat(verifier.verify(token().claim("scope", List.of("c")).sign()).principal().scopes())
        .containsExactly("c");
  }

  @Test
  void theClientIdFallsBackToAzp() throws Exception {
    String token = token().claim("client_id", null).claim("azp", "cli").sign();
    assertThat(verifier.verify(token).principal().clientId()).isEqualTo("cli");
  }

  @Test
  void oktasCidIsTheClientIdWhenThereIsNoOther() throws Exception {
    String token = token().claim("client_id", null).claim("cid", "okta-client").sign();
    assertThat(verifier.verify(token).principal().clientId()).isEqualTo("okta-client");
  }

  @Test
  void acceptsAnAudienceArrayThatHoldsTheGateway() throws Exception {
    String token =
        token().audiences("https://other.example.com", "HTTPS://MCP.example.com/mcp").sign();
    assertThat(verifier.verify(token).audiences()).containsExactly(AUDIENCE);
  }

  @Test
  void acceptsAccessTokenTypesAndNoType() throws Exception {
    assertThat(verifier.verify(token().type("at+jwt").sign())).isNotNull();
    assertThat(verifier.verify(token().type("application/at+jwt").sign())).isNotNull();
    assertThat(verifier.verify(token().type(null).sign())).isNotNull();
  }

  @Test
  void refusesATokenTypedAsSomethingElse() throws Exception {
    assertRefused(token().type("logout+jwt").sign(), "type");
  }

  @Test
  void refusesABadSignature() throws Exception {
    String[] parts = token().sign().split("\\.");
    String claims =
        new String(
            Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8);
    String forged =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    claims
                        .replace("\"alice\"", "\"admin\"")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))
            + "."
            + parts[2];
    assertRefused(forged, "signature");
    RSAKey other = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    assertRefused(token().signedWith(JWSAlgorithm.RS256, other).sign(), "signature");
  }

  @Test
  void refusesAnUnknownKid() throws Exception {
    RSAKey unknown = new RSAKeyGenerator(2048).keyID("nobody").generate();
    assertRefused(token().signedWith(JWSAlgorithm.RS256, unknown).sign(), "signing key");
  }

  @Test
  void refusesAnUntrustedIssuer() throws Exception {
    assertRefused(token().claims(c -> c.issuer("https://evil.example.com")).sign(), "issuer");
    assertRefused(token().claims(c -> c.issuer(issuer.url() + "/")).sign(), "issuer");
  }

  @Test
  void acceptsTheIssuersOwnNameForTheGatewayAsItsAudience() throws Exception {
    TokenVerifier entraLike =
        verifier(
            new IssuerConfig(
                issuer.url(),
                null,
                List.of("RS256"),
                null,
                null,
                null,
                List.of("5d1f0c3e-7b0a-4c43-9d6e-2f3a1b4c5d6e")));
    String token = token().audiences("5d1f0c3e-7b0a-4c43-9d6e-2f3a1b4c5d6e").sign();

    assertThat(entraLike.verify(token).audiences()).containsExactly(AUDIENCE);
    assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(TokenRefused.class);
    assertThatThrownBy(
            () -> entraLike.verify(token().audiences("another-client-of-that-issuer").sign()))
        .isInstanceOf(TokenRefused.class)
        .hasMessageContaining("aud");
  }

  @Test
  void refusesATokenForAnotherAudience() throws Exception {
    assertRefused(token().audiences("https://other.example.com/mcp").sign(), "aud");
    assertRefused(token().claims(c -> c.audience((String) null)).sign(), "aud");
  }

  @Test
  void refusesExpiredAndNotYetValidTokens() throws Exception {
    assertRefused(
        token().times(Instant.now().minus(Duration.ofMinutes(10)), Duration.ofMinutes(5)).sign(),
        "expired");
    assertRefused(
        token()
            .claims(c -> c.notBeforeTime(Date.from(Instant.now().plus(Duration.ofMinutes(2)))))
            .sign(),
        "not valid yet");
    assertRefused(
        token().times(Instant.now().plus(Duration.ofMinutes(2)), Duration.ofMinutes(5)).sign(),
        "future");
  }

  @Test
  void aSmallClockSkewIsTolerated() throws Exception {
    assertThat(
            verifier.verify(
                token()
                    .times(Instant.now().minus(Duration.ofSeconds(310)), Duration.ofMinutes(5))
                    .claims(c -> c.notBeforeTime(Date.from(Instant.now().plusSeconds(10))))
                    .sign()))
        .isNotNull();
  }

  @Test
  void refusesAnUnexpiredTokenThatLivesLongerThanTheCap() throws Exception {
    assertRefused(token().times(Instant.now(), Duration.ofMinutes(16)).sign(), "lives longer");
  }

  @Test
  void refusesATokenWithoutIatOrExp() throws Exception {
    assertRefused(token().claims(c -> c.issueTime(null)).sign(), "iat");
    assertRefused(token().claims(c -> c.expirationTime(null)).sign(), "exp");
  }

  @Test
  void refusesAnUnsignedToken() {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer.url())
            .subject("alice")
            .audience(AUDIENCE)
            .issueTime(new Date())
            .expirationTime(Date.from(Instant.now().plusSeconds(60)))
            .build();
    assertRefused(new PlainJWT(claims).serialize(), "not a signed JWT");
  }

  @Test
  void refusesHs256SignedWithTheIssuersPublicKey() throws Exception {
    byte[] publicKey = issuer.rsa.toRSAPublicKey().getEncoded();
    SignedJWT jwt =
        new SignedJWT(
            new com.nimbusds.jose.JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(),
            new JWTClaimsSet.Builder()
                .issuer(issuer.url())
                .subject("alice")
                .audience(AUDIENCE)
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(60)))
                .build());
    jwt.sign(new MACSigner(publicKey));
    assertRefused(jwt.serialize(), "algorithm");
  }

  @Test
  void refusesAnAlgorithmTheIssuerIsNotTrustedFor() throws Exception {
    TokenVerifier rsaOnly = verifier(List.of("RS256"));
    String token = token().signedWith(JWSAlgorithm.ES256, issuer.ec).sign();
    assertThatThrownBy(() -> rsaOnly.verify(token)).hasMessageContaining("algorithm");
  }

  @Test
  void ignoresKeysTheTokenBringsWithItInJkuOrJwk() throws Exception {
    RSAKey attacker = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    String embedded =
        token()
            .signedWith(JWSAlgorithm.RS256, attacker)
            .header(h -> h.jwk(attacker.toPublicJWK()))
            .sign();
    assertRefused(embedded, "signature");
    String jku =
        token()
            .signedWith(JWSAlgorithm.RS256, attacker)
            .kid("attacker")
            .header(h -> h.jwkURL(java.net.URI.create("https://evil.example.com/jwks")))
            .sign();
    assertRefused(jku, "signing key");
  }

  @Test
  void refusesAnEcKeyOfTheWrongCurve() throws Exception {
    var p384 = new ECKeyGenerator(Curve.P_384).keyID("ec-1").generate();
    assertRefused(token().signedWith(JWSAlgorithm.ES384, p384).sign(), "algorithm");
  }

  @Test
  void refusesATokenWithoutSubject() throws Exception {
    assertRefused(token().subject(null).sign(), "sub");
  }

  @Test
  void refusesGarbage() {
    assertRefused("abc.def.ghi", "not a signed JWT");
  }
}
