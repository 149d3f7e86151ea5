package dev.toolgate.gateway.policy;

import dev.toolgate.gateway.routing.ToolRoute;
import java.time.Duration;
import java.util.List;

/**
 * Everything the policy stages enforce on one tool, resolved once per config: a tool without any of
 * it has no {@code CallPolicy} at all, and its calls pass the stages at the cost of a lookup.
 *
 * @param toolLimit the McpTool's rate limit of the tool, {@code null} for none
 * @param scopes the McpScopes granting the tool that limit or budget their callers
 * @param cost the units one call is accounted with
 * @param costDeclared the McpTool gives the tool a cost above zero
 * @param cache how results are cached, {@code null} when they are not
 * @param loop when identical calls are a loop, {@code null} when they are not watched
 */
public record CallPolicy(
    ToolRoute route,
    LimitRule toolLimit,
    List<ScopeRule> scopes,
    int cost,
    boolean costDeclared,
    CacheRule cache,
    LoopRule loop) {

  /**
   * A rate limit.
   *
   * @param period as configured, for messages
   * @param perCaller each caller has its own bucket; otherwise all callers share one
   */
  public record LimitRule(int requests, long periodMillis, String period, boolean perCaller) {}

  /** A budget: units per caller per period. */
  public record BudgetRule(long units, long periodMillis, String period) {}

  /** What one scope granting the tool adds: a rate limit, a budget, or both. */
  public record ScopeRule(String scope, LimitRule limit, BudgetRule budget) {}

  /**
   * @param shared one entry serves every caller
   */
  public record CacheRule(Duration ttl, boolean shared) {}

  public record LoopRule(int maxRepeats, long windowMillis, String window) {}

  /** Whether the stages need the call's canonical arguments. */
  public boolean needsArguments() {
    return cache != null || loop != null;
  }

  /** The scope rules that apply to a call made under {@code scopes} (empty: all of them). */
  List<ScopeRule> scopesFor(List<String> granted) {
    if (granted == null || granted.isEmpty()) {
      return scopes;
    }
    return scopes.stream().filter(rule -> granted.contains(rule.scope())).toList();
  }
}
