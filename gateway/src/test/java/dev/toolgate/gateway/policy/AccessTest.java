package dev.toolgate.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.api.config.GatewayConfig;
import dev.toolgate.api.config.ScopeConfig;
import dev.toolgate.gateway.auth.Principal;
import dev.toolgate.gateway.routing.RoutingTable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessTest {

  private static Principal caller(Set<String> scopes, Set<String> groups, Duration lifetime) {
    return new Principal(
        "https://idp", "alice", "agent-1", groups, scopes, Instant.now(), lifetime, false);
  }

  private static ScopeConfig rule(ScopeConfig.SubjectsConfig subjects, String maxLifetime) {
    return new ScopeConfig(
        "billing:read", "tools/r", List.of("billing.get"), subjects, maxLifetime, null);
  }

  private static final ScopeConfig.SubjectsConfig FINANCE =
      new ScopeConfig.SubjectsConfig(List.of("finance"), List.of(), List.of());

  @Test
  void aScopeWithoutRuleGrantsWhoeverHoldsIt() {
    Principal alice = caller(Set.of("billing.get"), Set.of(), Duration.ofMinutes(5));
    assertThat(Access.grants(alice, "billing.get", null)).isTrue();
    assertThat(Access.grants(alice, "billing.refund", null)).isFalse();
  }

  @Test
  void anMcpScopeGrantsOnlyCallersItsSubjectsAdmit() {
    Principal outsider = caller(Set.of("billing:read"), Set.of("sales"), Duration.ofMinutes(5));
    Principal insider = caller(Set.of("billing:read"), Set.of("finance"), Duration.ofMinutes(5));
    assertThat(Access.grants(outsider, "billing:read", rule(FINANCE, null))).isFalse();
    assertThat(Access.grants(insider, "billing:read", rule(FINANCE, null))).isTrue();
    ScopeConfig.SubjectsConfig client =
        new ScopeConfig.SubjectsConfig(List.of(), List.of("agent-1"), List.of());
    assertThat(Access.grants(outsider, "billing:read", rule(client, null))).isTrue();
  }

  @Test
  void anMcpScopeRefusesTokensLivingLongerThanItAllows() {
    Principal longLived = caller(Set.of("billing:read"), Set.of(), Duration.ofMinutes(12));
    assertThat(Access.grants(longLived, "billing:read", rule(null, "10m"))).isFalse();
    assertThat(Access.grants(longLived, "billing:read", rule(null, "15m"))).isTrue();
  }

  @Test
  void aServiceAccountHoldsTheMcpScopesThatNameIt() {
    Principal bot =
        new Principal(
            "https://kubernetes.default.svc",
            "system:serviceaccount:agents:bot",
            null,
            Set.of(),
            Set.of(),
            Instant.now(),
            Duration.ofMinutes(10),
            true);
    ScopeConfig.SubjectsConfig namesBot =
        new ScopeConfig.SubjectsConfig(List.of(), List.of(), List.of("agents/bot"));
    ScopeConfig.SubjectsConfig namesOther =
        new ScopeConfig.SubjectsConfig(List.of(), List.of(), List.of("agents/other"));
    assertThat(bot.serviceAccount()).isEqualTo("agents/bot");
    assertThat(Access.grants(bot, "billing:read", rule(namesBot, null))).isTrue();
    assertThat(Access.grants(bot, "billing:read", rule(namesOther, null))).isFalse();
    assertThat(Access.grants(bot, "billing.get", null)).as("no scopes of its own").isFalse();
  }

  @Test
  void theStepUpHintOfAServiceAccountNamesOnlyMcpScopesThatNameIt() {
    Principal bot =
        new Principal(
            "https://kubernetes.default.svc",
            "system:serviceaccount:agents:bot",
            null,
            Set.of(),
            Set.of(),
            Instant.now(),
            Duration.ofMinutes(14),
            true);
    RoutingTable table =
        RoutingTable.build(
            new GatewayConfig(
                GatewayConfig.CURRENT_VERSION,
                null,
                List.of(PolicyFixtures.BILLING),
                List.of(
                    new ScopeConfig(
                        "billing:bots",
                        "tools/bots",
                        List.of("billing.get_invoice"),
                        new ScopeConfig.SubjectsConfig(List.of(), List.of(), List.of("agents/bot")),
                        "10m",
                        null),
                    new ScopeConfig(
                        "billing:others",
                        "tools/others",
                        List.of("billing.get_invoice"),
                        new ScopeConfig.SubjectsConfig(
                            List.of(), List.of(), List.of("agents/other")),
                        null,
                        null))),
            Map.of("tools/billing", List.of(PolicyFixtures.tool("get_invoice"))),
            RoutingTable.MAX_TIMEOUT);
    List<String> scopes = List.of("billing.get_invoice", "billing:bots", "billing:others");

    // Refused for its 14-minute lifetime only: a shorter-lived token of the same account would do.
    assertThat(Access.granting(bot, scopes, table)).isEmpty();
    assertThat(Access.stepUp(bot, scopes, table)).containsExactly("billing:bots");
    Principal human = caller(Set.of(), Set.of(), Duration.ofMinutes(5));
    assertThat(Access.stepUp(human, scopes, table)).containsExactly("billing.get_invoice");
  }

  @Test
  void aServiceAccountSubjectFromAnotherIssuerIsJustAName() {
    Principal impostor =
        new Principal(
            "https://idp",
            "system:serviceaccount:agents:bot",
            null,
            Set.of(),
            Set.of("billing:read"),
            Instant.now(),
            Duration.ofMinutes(5),
            false);
    ScopeConfig.SubjectsConfig namesBot =
        new ScopeConfig.SubjectsConfig(List.of(), List.of(), List.of("agents/bot"));
    assertThat(impostor.serviceAccount()).isNull();
    assertThat(Access.grants(impostor, "billing:read", rule(namesBot, null))).isFalse();
  }
}
