package dev.toolgate.cli.dev;

import dev.toolgate.api.config.Durations;
import dev.toolgate.api.config.GatewayConfig;
import dev.toolgate.api.config.ScopeConfig;
import dev.toolgate.gateway.replay.ReplayAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a development token needs to be accepted for an McpScope: the scope string, and a group or
 * client id its {@code subjects} admit, for no longer than its {@code maxTokenLifetime}. Scopes
 * that admit only Kubernetes service accounts need a token of the cluster's issuer and get none.
 */
public final class ScopeGrants {

  private ScopeGrants() {}

  /** The grant of a scope asked for at the issuer: an McpScope's, or the audit reader's. */
  public static Optional<DevTokenIssuer.Grant> forScope(GatewayConfig config, String scope) {
    if (scope.equals(ReplayAccess.SCOPE)) {
      return Optional.of(auditReader());
    }
    return config.scopes().stream()
        .filter(s -> s.scope().equals(scope))
        .findFirst()
        .flatMap(ScopeGrants::grant);
  }

  /**
   * A token for the gateway's replay page: the reserved scope that lets its holder read the audit,
   * which no McpScope can grant, for the longest lifetime the gateway accepts.
   */
  public static DevTokenIssuer.Grant auditReader() {
    return new DevTokenIssuer.Grant(
        List.of(ReplayAccess.SCOPE), List.of(), null, DevTokenIssuer.MAX_LIFETIME);
  }

  /** One token for every McpScope a development token can hold, for the client snippets. */
  public static Optional<DevTokenIssuer.Grant> forAll(GatewayConfig config) {
    List<String> scopes = new ArrayList<>();
    Set<String> groups = new LinkedHashSet<>();
    String clientId = null;
    Duration lifetime = DevTokenIssuer.MAX_LIFETIME;
    for (ScopeConfig scope : config.scopes()) {
      Optional<DevTokenIssuer.Grant> grant = grant(scope);
      if (grant.isEmpty()) {
        continue;
      }
      scopes.add(scope.scope());
      groups.addAll(grant.get().groups());
      if (clientId == null) {
        clientId = grant.get().clientId();
      }
      if (grant.get().lifetime().compareTo(lifetime) < 0) {
        lifetime = grant.get().lifetime();
      }
    }
    return scopes.isEmpty()
        ? Optional.empty()
        : Optional.of(new DevTokenIssuer.Grant(scopes, List.copyOf(groups), clientId, lifetime));
  }

  public static Optional<DevTokenIssuer.Grant> grant(ScopeConfig scope) {
    Duration lifetime =
        scope.maxTokenLifetime() == null
            ? DevTokenIssuer.MAX_LIFETIME
            : Durations.parse(scope.maxTokenLifetime());
    ScopeConfig.SubjectsConfig subjects = scope.subjects();
    if (subjects == null || subjects.isUnrestricted()) {
      return Optional.of(
          new DevTokenIssuer.Grant(List.of(scope.scope()), List.of(), null, lifetime));
    }
    if (subjects.groups().isEmpty() && subjects.clientIds().isEmpty()) {
      return Optional.empty(); // service accounts only
    }
    return Optional.of(
        new DevTokenIssuer.Grant(
            List.of(scope.scope()),
            subjects.groups().isEmpty() ? List.of() : List.of(subjects.groups().get(0)),
            subjects.clientIds().isEmpty() ? null : subjects.clientIds().get(0),
            lifetime));
  }
}
