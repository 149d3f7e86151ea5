package dev.toolgate.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.api.config.AuthConfig;
import dev.toolgate.api.config.IssuerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {

  static final String AUDIENCE = "https://mcp.example.com/mcp";
  static TestIssuer issuer;

  @BeforeAll
  static void start() throws Exception {
    issuer = new TestIssuer();
  }

  @AfterAll
  static void stop() throws Exception {
    issuer.close();
  }

  private static Authenticator authenticator(boolean allowAnonymous) {
    return new Authenticator(
        Clock.systemUTC(),
        allowAnonymous,
        new Authenticator.KeyPolicy(
            issuer.fetcher(), Duration.ofSeconds(30), Duration.ofMinutes(10)),
        100);
  }

  private static AuthConfig auth() {
    return AuthConfig.of(AUDIENCE, List.of(new IssuerConfig(issuer.url(), null, null, null)));
  }

  @Test
  void withoutAuthSettingsEveryRequestIsRefusedSayingWhy() {
    AuthOutcome outcome =
        authenticator(false).authenticate(new Credentials.Bearer("anything"), "/mcp");
    assertThat(outcome)
        .isInstanceOfSatisfying(
            AuthOutcome.Refused.class,
            r -> {
              assertThat(r.failure().status()).isEqualTo(401);
              assertThat(r.failure().description()).contains("no token issuer is configured");
            });
  }

  @Test
  void anOpenGatewayServesTheAnonymousCallerUntilAuthIsConfigured() {
    Authenticator open = authenticator(true);
    assertThat(open.authenticate(new Credentials.Missing(), "/mcp"))
        .isEqualTo(new AuthOutcome.Authenticated(Principal.ANONYMOUS));
    open.configure(auth());
    assertThat(open.authenticate(new Credentials.Missing(), "/mcp"))
        .isInstanceOf(AuthOutcome.Refused.class);
  }

  @Test
  void aTokenIsVerifiedOnceThenServedFromTheCache() throws Exception {
    Authenticator authenticator = authenticator(false);
    authenticator.configure(auth());
    String token = issuer.token(AUDIENCE).sign();

    AuthOutcome first = authenticator.authenticate(new Credentials.Bearer(token), "/mcp");
    assertThat(first).isInstanceOf(AuthOutcome.NeedsVerification.class);
    assertThat(first.toString()).doesNotContain(token);
    assertThat(authenticator.verify(token, "/mcp")).isInstanceOf(AuthOutcome.Authenticated.class);
    assertThat(authenticator.authenticate(new Credentials.Bearer(token), "/mcp/tools/a/b"))
        .isInstanceOf(AuthOutcome.Authenticated.class);
    assertThat(authenticator.cachedTokens()).isEqualTo(1);
  }

  @Test
  void aTokenForOneEndpointIsRefusedOnAnotherEvenFromTheCache() throws Exception {
    Authenticator authenticator = authenticator(false);
    authenticator.configure(auth());
    String token = issuer.token("https://mcp.example.com/mcp/tools/a/b").sign();

    assertThat(authenticator.verify(token, "/mcp/tools/a/b"))
        .isInstanceOf(AuthOutcome.Authenticated.class);
    assertThat(authenticator.authenticate(new Credentials.Bearer(token), "/mcp"))
        .isInstanceOf(AuthOutcome.Refused.class);
  }

  @Test
  void newSettingsForgetEveryVerifiedToken() throws Exception {
    Authenticator authenticator = authenticator(false);
    authenticator.configure(auth());
    String token = issuer.token(AUDIENCE).sign();
    authenticator.verify(token, "/mcp");

    authenticator.configure(
        AuthConfig.of(
            AUDIENCE, List.of(new IssuerConfig("https://other.example.com", null, null, null))));
    assertThat(authenticator.cachedTokens()).isZero();
    assertThat(authenticator.verify(token, "/mcp")).isInstanceOf(AuthOutcome.Refused.class);
  }

  @Test
  void theServiceAccountIssuerIsTrustedButNotAdvertised() {
    Authenticator authenticator = authenticator(false);
    authenticator.configure(
        AuthConfig.of(
            AUDIENCE,
            List.of(
                new IssuerConfig(issuer.url(), null, null, null),
                new IssuerConfig(
                    "https://kubernetes.default.svc", null, null, IssuerConfig.KIND_KUBERNETES))));
    assertThat(authenticator.settings().orElseThrow().authorizationServers())
        .containsExactly(issuer.url());
  }
}
