package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.gateway.auth.Authenticator;
import dev.toolgate.gateway.auth.TestIssuer;
import dev.toolgate.gateway.policy.PolicyErrors;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Policy with real tokens: callers are their principals (issuer and subject), not their addresses,
 * and an McpScope's limits and budget count only for calls that scope authorized.
 */
class PolicyWithAuthEndToEndTest {

  static final String AUDIENCE = "https://mcp.example.com/mcp";

  @TempDir static Path dir;

  static Canaries canaries;
  static TestIssuer issuer;
  static PolicyWorker worker;
  static GatewayFixture gateway;

  @BeforeAll
  static void start() throws Exception {
    canaries = new Canaries();
    issuer = new TestIssuer();
    worker = new PolicyWorker(canaries.leakedText());
    String policy =
        PolicyGateways.requiringTokens(
            PolicyGateways.config(worker.url(), List.of()), AUDIENCE, issuer.url());
    gateway =
        GatewayFixture.startWithConfig(
            dir,
            policy,
            o ->
                o.withKeyPolicy(
                    new Authenticator.KeyPolicy(
                        issuer.fetcher(), Duration.ofMillis(300), Duration.ofMinutes(10))));
    gateway.awaitToolCount(PolicyWorker.TOOLS.length);
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
    worker.close();
    issuer.close();
    canaries.close();
  }

  private static PolicyClient client(String subject, String scopes) throws Exception {
    return PolicyGateways.tokenClient(gateway.aggregatedUrl(), issuer, AUDIENCE, subject, scopes);
  }

  @Test
  void twoPrincipalsFromOneAddressHaveTheirOwnLimitsAndCacheEntries() throws Exception {
    try (PolicyClient alice = client("alice", "shop.refund shop.lookup");
        PolicyClient bob = client("bob", "shop.refund shop.lookup")) {
      for (int i = 0; i < 3; i++) {
        assertThat(alice.call("shop.refund", "{\"n\":" + i + "}").status()).isEqualTo(200);
      }
      assertThat(alice.call("shop.refund", "{\"n\":3}").status()).isEqualTo(429);
      assertThat(bob.call("shop.refund", "{\"n\":0}").status()).isEqualTo(200);

      int lookups = worker.calls("lookup");
      alice.call("shop.lookup", "{\"whose\":\"principal\"}");
      PolicyClient.Answer bobs = bob.call("shop.lookup", "{\"whose\":\"principal\"}");
      PolicyClient.Answer alicesAgain = alice.call("shop.lookup", "{\"whose\":\"principal\"}");

      assertThat(bobs.result().at("/_meta/dev.toolgate~1cache").isMissingNode()).isTrue();
      assertThat(alicesAgain.result().at("/_meta/dev.toolgate~1cache").asText()).isEqualTo("hit");
      assertThat(worker.calls("lookup")).isEqualTo(lookups + 2);
    }
  }

  @Test
  void aScopesBudgetCountsOnlyForTheCallsThatScopeAuthorized() throws Exception {
    try (PolicyClient writer = client("carol", "shop:write");
        PolicyClient owner = client("dave", "shop.refund")) {
      PolicyClient.Answer first = writer.call("shop.refund", "{}");
      writer.call("shop.refund", "{}");
      PolicyClient.Answer refused = writer.call("shop.refund", "{}");
      PolicyClient.Answer unbudgeted = owner.call("shop.refund", "{}");

      assertThat(first.result().at("/_meta/dev.toolgate~1budget/0/remaining").asLong())
          .isEqualTo(7);
      assertThat(refused.error().get("code").asInt()).isEqualTo(PolicyErrors.BUDGET_EXHAUSTED);
      assertThat(unbudgeted.status()).isEqualTo(200);
      assertThat(unbudgeted.result().at("/_meta/dev.toolgate~1budget").isMissingNode()).isTrue();
    }
  }

  @Test
  void aCallTheTokenDoesNotGrantIsRefusedBeforeItCountsAgainstAnything() throws Exception {
    try (PolicyClient reader = client("erin", "shop.lookup")) {
      int before = worker.calls("quote");
      assertThat(reader.call("shop.quote", "{}").status()).isEqualTo(403);
      assertThat(worker.calls("quote")).isEqualTo(before);
    }
  }
}
