package dev.toolgate.gateway.policy;

import dev.toolgate.api.config.Durations;
import dev.toolgate.api.config.GatewayConfig;
import dev.toolgate.api.config.LoopDetectionConfig;
import dev.toolgate.api.config.RateLimitConfig;
import dev.toolgate.api.config.ScopeConfig;
import dev.toolgate.api.config.SecretFingerprints;
import dev.toolgate.api.config.ToolConfig;
import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.gateway.redaction.RedactionPlan;
import dev.toolgate.gateway.routing.RoutingTable;
import dev.toolgate.gateway.routing.ToolRoute;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy of every tool and the redaction of every upstream, resolved from the routing table and
 * config in force and kept until either changes, so a call pays a map lookup for them.
 */
public final class ToolPolicies {

  private static final Logger LOG = LoggerFactory.getLogger(ToolPolicies.class);
  private static final CallPolicy NONE =
      new CallPolicy(null, null, List.of(), 1, false, null, null);

  private record Snapshot(
      RoutingTable table,
      GatewayConfig config,
      Map<String, List<ScopeConfig>> scopesByTool,
      Map<String, CallPolicy> tools,
      Map<String, RedactionPlan> redaction) {}

  private final Supplier<RoutingTable> routes;
  private final Supplier<GatewayConfig> configs;
  private final PolicyOptions options;
  private final SecretFingerprints keys;
  private volatile Snapshot snapshot;

  /**
   * @param keys the redaction key's fingerprinting, {@code null} when the gateway has no key
   */
  public ToolPolicies(
      Supplier<RoutingTable> routes,
      Supplier<GatewayConfig> configs,
      PolicyOptions options,
      SecretFingerprints keys) {
    this.routes = routes;
    this.configs = configs;
    this.options = options;
    this.keys = keys;
  }

  /** The tool's policy, {@code null} when it has none. */
  public CallPolicy of(ToolRoute route) {
    Snapshot current = current();
    CallPolicy policy =
        current
            .tools()
            .computeIfAbsent(route.exposedName(), name -> resolve(route, current.scopesByTool()));
    return policy == NONE ? null : policy;
  }

  /** How an upstream's answers are redacted. */
  public RedactionPlan redaction(UpstreamConfig upstream) {
    return current()
        .redaction()
        .computeIfAbsent(
            upstream.id(),
            id -> {
              RedactionPlan plan =
                  RedactionPlan.of(upstream.redaction(), options.builtInRedaction(), keys);
              if (plan.unavailable() != null) {
                LOG.warn(
                    "upstream {}: calls are refused, its redaction: {}", id, plan.unavailable());
              } else if (plan.secretsWithoutFingerprints()) {
                LOG.warn(
                    "upstream {}: the config names Secrets to redact but carries no fingerprints"
                        + " of them, so their exact values are not redacted",
                    id);
              }
              return plan;
            });
  }

  private Snapshot current() {
    RoutingTable table = routes.get();
    GatewayConfig config = configs.get();
    Snapshot current = snapshot;
    if (current != null && current.table() == table && current.config() == config) {
      return current;
    }
    Map<String, List<ScopeConfig>> scopesByTool = new ConcurrentHashMap<>();
    for (ScopeConfig scope : config.scopes()) {
      if (scope.rateLimit() == null && scope.budget() == null) {
        continue;
      }
      for (String tool : scope.tools()) {
        scopesByTool.computeIfAbsent(tool, t -> new ArrayList<>()).add(scope);
      }
    }
    Snapshot fresh =
        new Snapshot(
            table, config, scopesByTool, new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
    snapshot = fresh;
    return fresh;
  }

  private CallPolicy resolve(ToolRoute route, Map<String, List<ScopeConfig>> scopesByTool) {
    ToolConfig config = route.policy();
    CallPolicy.LimitRule toolLimit = config == null ? null : limit(config.rateLimit());
    List<CallPolicy.ScopeRule> scopes = new ArrayList<>();
    for (ScopeConfig scope : scopesByTool.getOrDefault(route.exposedName(), List.of())) {
      RateLimitConfig limit = scope.rateLimit();
      CallPolicy.BudgetRule budget =
          scope.budget() == null
              ? null
              : new CallPolicy.BudgetRule(
                  scope.budget().units(),
                  Durations.parse(scope.budget().period()).toMillis(),
                  scope.budget().period());
      scopes.add(new CallPolicy.ScopeRule(scope.scope(), limit(limit), budget));
    }
    int cost = config == null ? 1 : config.costOrDefault();
    boolean costDeclared = config != null && config.cost() != null && config.cost() > 0;
    CallPolicy.CacheRule cache = null;
    if (config != null
        && config.cache() != null
        && (Boolean.TRUE.equals(config.idempotent()) || route.definition().hintsCacheable())) {
      cache =
          new CallPolicy.CacheRule(
              Durations.parse(config.cache().ttl()), config.cache().isShared());
    }
    boolean otherPolicy = toolLimit != null || !scopes.isEmpty() || cache != null;
    CallPolicy.LoopRule loop = loop(config == null ? null : config.loopDetection(), otherPolicy);
    if (!otherPolicy && loop == null) {
      return NONE;
    }
    return new CallPolicy(route, toolLimit, List.copyOf(scopes), cost, costDeclared, cache, loop);
  }

  /**
   * A tool's own loop setting; else the gateway's default for tools that have other policy (they
   * pay for the stages already; a tool without any pays nothing).
   */
  private CallPolicy.LoopRule loop(LoopDetectionConfig given, boolean otherPolicy) {
    if (given == null && !otherPolicy) {
      return null;
    }
    int repeats =
        given != null && given.maxRepeats() != null ? given.maxRepeats() : options.loopMaxRepeats();
    Duration window =
        given != null && given.window() != null
            ? Durations.parse(given.window())
            : options.loopWindow();
    return repeats == 0
        ? null
        : new CallPolicy.LoopRule(repeats, window.toMillis(), Durations.format(window));
  }

  private static CallPolicy.LimitRule limit(RateLimitConfig limit) {
    if (limit == null) {
      return null;
    }
    return new CallPolicy.LimitRule(
        limit.requests(),
        Durations.parse(limit.period()).toMillis(),
        limit.period(),
        RateLimitConfig.PER_CALLER.equals(limit.perOrDefault()));
  }
}
