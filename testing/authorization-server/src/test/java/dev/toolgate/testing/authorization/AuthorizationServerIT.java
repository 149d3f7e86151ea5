package dev.toolgate.testing.authorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.toolgate.testing.auth.AccessToken;
import dev.toolgate.testing.auth.AuthorizationServerProcess;
import dev.toolgate.testing.auth.TokenRequestException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The authorization server's own contract: metadata, keys, and the tokens it issues or refuses. */
class AuthorizationServerIT {

  private static final String RESOURCE = "http://127.0.0.1:8080/mcp";
  private static final String REDIRECT_URI = "http://127.0.0.1/callback";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static AuthorizationServerProcess server;

  @BeforeAll
  static void start() throws Exception {
    server =
        AuthorizationServerProcess.builder()
            .tokenLifetime(Duration.ofMinutes(2))
            .confidentialClient("agent", "agent-secret", "billing.get_invoice", "billing.refund")
            .publicClient("desktop", List.of(REDIRECT_URI), "billing.get_invoice")
            .user("alice", "alice-password", "finance")
            .logFile(Path.of("target", "authorization-server-it.log"))
            .start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void servesItsMetadataAtTheWellKnownPath() {
    JsonNode metadata = server.metadata();
    String issuer = server.issuer().toString();
    assertThat(issuer).isEqualTo("http://127.0.0.1:" + server.port());
    assertThat(metadata.path("issuer").asText()).isEqualTo(issuer);
    assertThat(server.tokenEndpoint()).hasToString(issuer + "/oauth2/token");
    assertThat(server.authorizationEndpoint()).hasToString(issuer + "/oauth2/authorize");
    assertThat(server.jwksUri()).hasToString(issuer + "/oauth2/jwks");
    assertThat(texts(metadata.path("code_challenge_methods_supported"))).containsExactly("S256");
    assertThat(texts(metadata.path("grant_types_supported")))
        .contains("authorization_code", "client_credentials", "refresh_token");
  }

  @Test
  void servesOpenIdDiscoveryToo() throws Exception {
    HttpResponse<String> response =
        get(URI.create(server.issuer() + "/.well-known/openid-configuration"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).path("issuer").asText())
        .isEqualTo(server.issuer().toString());
  }

  @Test
  void publishesOneRs256SigningKey() throws Exception {
    JWKSet keys = JWKSet.parse(get(server.jwksUri()).body());
    assertThat(keys.getKeys()).hasSize(1);
    assertThat(keys.getKeys().getFirst().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    assertThat(keys.getKeys().getFirst().getKeyID()).isNotBlank();
    assertThat(keys.getKeys().getFirst().isPrivate()).isFalse();
  }

  @Test
  void clientCredentialsTokenVerifiesAgainstTheJwksWithTheResourceAsAudience() throws Exception {
    AccessToken token =
        server.clientCredentialsToken(
            "agent", "agent-secret", List.of("billing.get_invoice", "billing.refund"), RESOURCE);

    JWTClaimsSet claims = verify(token.value(), RESOURCE);

    assertThat(claims.getIssuer()).isEqualTo(server.issuer().toString());
    assertThat(claims.getAudience()).containsExactly(RESOURCE);
    assertThat(claims.getSubject()).isEqualTo("agent");
    assertThat(claims.getStringClaim("client_id")).isEqualTo("agent");
    assertThat(claims.getClaim("scope")).isEqualTo("billing.get_invoice billing.refund");
    assertThat(claims.getJWTID()).isNotBlank();
    assertThat(claims.getClaim("groups")).isNull();
    assertThat(token.unverifiedHeader().path("typ").asText()).isEqualTo("at+jwt");
  }

  @Test
  void tokenLivesAsLongAsTheServerWasTold() throws Exception {
    AccessToken token =
        server.clientCredentialsToken("agent", "agent-secret", List.of("billing.refund"), RESOURCE);

    JWTClaimsSet claims = verify(token.value(), RESOURCE);

    Duration lifetime =
        Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant());
    assertThat(lifetime).isEqualTo(Duration.ofMinutes(2));
    assertThat(token.expiresIn()).isBetween(115L, 120L);
    assertThat(token.scope()).isEqualTo("billing.refund");
  }

  @Test
  void repeatedResourceIndicatorsGiveEveryAudience() throws Exception {
    AuthorizationServerProcess.TokenResponse response =
        server.tokenRequest(
            "agent",
            "agent-secret",
            Map.of(
                "grant_type", List.of("client_credentials"),
                "resource", List.of(RESOURCE, "https://other.example/mcp")));

    assertThat(response.status()).isEqualTo(200);
    JWTClaimsSet claims = verify(response.body().path("access_token").asText(), RESOURCE);
    assertThat(claims.getAudience()).containsExactly(RESOURCE, "https://other.example/mcp");
  }

  @Test
  void withoutAResourceTheAudienceIsTheClientId() throws Exception {
    AccessToken token =
        server.clientCredentialsToken("agent", "agent-secret", List.of("billing.refund"), null);

    assertThat(texts(token.unverifiedClaims().path("aud"))).containsExactly("agent");
  }

  @Test
  void refusesAScopeTheClientMayNotHave() {
    assertThatThrownBy(
            () ->
                server.clientCredentialsToken(
                    "agent", "agent-secret", List.of("billing.get_invoice", "admin"), RESOURCE))
        .isInstanceOfSatisfying(
            TokenRequestException.class,
            refused -> {
              assertThat(refused.status()).isEqualTo(400);
              assertThat(refused.error()).isEqualTo("invalid_scope");
            });
  }

  @Test
  void refusesAWrongSecret() {
    assertThatThrownBy(
            () -> server.clientCredentialsToken("agent", "wrong", List.of("billing.refund"), null))
        .isInstanceOfSatisfying(
            TokenRequestException.class,
            refused -> {
              assertThat(refused.status()).isEqualTo(401);
              assertThat(refused.error()).isEqualTo("invalid_client");
              assertThat(refused.getMessage()).doesNotContain("wrong");
            });
  }

  @Test
  void refusesAResourceThatIsNotAnAbsoluteUriWithoutFragment() {
    assertThatThrownBy(
            () ->
                server.clientCredentialsToken(
                    "agent", "agent-secret", List.of("billing.refund"), RESOURCE + "#tools"))
        .isInstanceOfSatisfying(
            TokenRequestException.class,
            refused -> assertThat(refused.error()).isEqualTo("invalid_target"));
  }

  @Test
  void publicClientCannotUseClientCredentials() throws Exception {
    AuthorizationServerProcess.TokenResponse response =
        server.tokenRequest(
            "desktop",
            null,
            Map.of(
                "grant_type",
                List.of("client_credentials"),
                "scope",
                List.of("billing.get_invoice")));

    // No secret and no PKCE verifier: the client is not authenticated at all.
    assertThat(response.status()).isEqualTo(401);
    assertThat(response.body().has("access_token")).isFalse();
  }

  @Test
  void publicClientMustSendAPkceChallenge() throws Exception {
    URI authorize =
        URI.create(
            server.authorizationEndpoint()
                + "?response_type=code&client_id=desktop&scope=billing.get_invoice&state=s1"
                + "&redirect_uri="
                + URLEncoder.encode(REDIRECT_URI, StandardCharsets.UTF_8));

    HttpResponse<String> response = get(authorize);

    assertThat(response.statusCode()).isEqualTo(302);
    String location = response.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith(REDIRECT_URI + "?").contains("error=invalid_request");
    assertThat(location).contains("code_challenge");
  }

  private static JWTClaimsSet verify(String token, String audience) throws Exception {
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
    JWKSource<SecurityContext> keys =
        JWKSourceBuilder.create(server.jwksUri().toURL()).retrying(false).build();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
    processor.setJWTClaimsSetVerifier(
        new DefaultJWTClaimsVerifier<>(
            audience,
            new JWTClaimsSet.Builder().issuer(server.issuer().toString()).build(),
            Set.of("sub", "iat", "exp", "jti", "client_id")));
    return processor.process(token, null);
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(uri).header("Accept", "text/html").build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> texts(JsonNode node) {
    if (node.isTextual()) {
      return List.of(node.asText());
    }
    return java.util.stream.StreamSupport.stream(node.spliterator(), false)
        .map(JsonNode::asText)
        .toList();
  }
}
