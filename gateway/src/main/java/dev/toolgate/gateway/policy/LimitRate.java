package dev.toolgate.gateway.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.gateway.limits.Limit;
import dev.toolgate.gateway.limits.RateDecision;
import dev.toolgate.gateway.protocol.JsonRpcException;
import java.util.ArrayList;
import java.util.List;

/**
 * Token buckets per tool (per caller or shared by all, as the McpTool says) and per scope (each
 * caller of a limiting McpScope). A call over any limit is refused with HTTP 429, {@code
 * Retry-After} and a JSON-RPC error whose data says when to retry; it takes no token from the
 * others.
 */
public final class LimitRate implements CallStage {

  private final PolicyServices services;

  public LimitRate(PolicyServices services) {
    this.services = services;
  }

  private record Described(Limit limit, ObjectNode data, String text) {}

  @Override
  public void apply(WorkerCall call, CallChain chain) throws JsonRpcException {
    PolicyState state = call.policyState();
    CallPolicy policy = state.policy(call, services.policies);
    if (policy == null) {
      chain.proceed();
      return;
    }
    List<CallPolicy.ScopeRule> scopes = policy.scopesFor(services.scopes.of(call));
    List<Described> limits = new ArrayList<>(2);
    String tool = toolName(call);
    if (policy.toolLimit() != null) {
      CallPolicy.LimitRule rule = policy.toolLimit();
      String key = "tool:" + call.route().upstream().id() + "/" + call.route().upstreamName();
      ObjectNode data = describe(rule).put("tool", tool);
      limits.add(
          new Described(
              new Limit(perCaller(key, rule, call, state), rule.requests(), rule.periodMillis()),
              data,
              "tool " + tool + " allows " + allowance(rule)));
    }
    for (CallPolicy.ScopeRule scope : scopes) {
      if (scope.limit() != null) {
        CallPolicy.LimitRule rule = scope.limit();
        ObjectNode data = describe(rule).put("scope", scope.scope());
        limits.add(
            new Described(
                new Limit(
                    perCaller("scope:" + scope.scope(), rule, call, state),
                    rule.requests(),
                    rule.periodMillis()),
                data,
                "scope " + scope.scope() + " allows " + allowance(rule)));
      }
    }
    if (limits.isEmpty()) {
      chain.proceed();
      return;
    }
    boolean hasCost =
        policy.costDeclared() || scopes.stream().anyMatch(scope -> scope.budget() != null);
    Continuation.then(
        call,
        services.answers,
        services.limiter.acquire(limits.stream().map(Described::limit).toList()),
        decision -> {
          services.failures.succeeded();
          if (decision.allowed()) {
            chain.proceed();
          } else {
            refuse(call, limits.get(decision.refused()), decision);
          }
        },
        failure -> {
          if (services.failures.refuses("rate limits", hasCost, failure)) {
            unavailable(services, call, "rate limits");
          } else {
            chain.proceed();
          }
        });
  }

  private String perCaller(
      String key, CallPolicy.LimitRule rule, WorkerCall call, PolicyState state) {
    return rule.perCaller() ? key + "|caller:" + state.caller(call, services.callers).id() : key;
  }

  private void refuse(WorkerCall call, Described limit, RateDecision decision) {
    services.counters.rateLimited.increment();
    long seconds = PolicyErrors.seconds(decision.retryAfterMillis());
    ObjectNode data = PolicyErrors.JSON.createObjectNode();
    data.put("retryAfterSeconds", seconds);
    data.put("retryAfterMillis", decision.retryAfterMillis());
    data.set("limit", limit.data());
    services.answers.answer(
        call,
        429,
        List.of("Retry-After", Long.toString(seconds)),
        PolicyErrors.response(
            call.message().rawId(),
            PolicyErrors.RATE_LIMITED,
            "Rate limit reached: " + limit.text() + "; retry in " + seconds + " s",
            data));
  }

  /** Refuses a call whose limits or budgets could not be checked (fail closed). */
  static void unavailable(PolicyServices services, WorkerCall call, String what) {
    ObjectNode data = PolicyErrors.JSON.createObjectNode().put("retryAfterSeconds", 1);
    services.answers.answer(
        call,
        503,
        List.of("Retry-After", "1"),
        PolicyErrors.response(
            call.message().rawId(),
            PolicyErrors.POLICY_UNAVAILABLE,
            "The "
                + what
                + " of this tool cannot be checked right now, so it is not called; retry shortly",
            data));
  }

  private static ObjectNode describe(CallPolicy.LimitRule rule) {
    return PolicyErrors.JSON
        .createObjectNode()
        .put("requests", rule.requests())
        .put("period", rule.period())
        .put("per", rule.perCaller() ? "caller" : "tool");
  }

  private static String allowance(CallPolicy.LimitRule rule) {
    return rule.requests()
        + (rule.requests() == 1 ? " call" : " calls")
        + " per "
        + rule.period()
        + (rule.perCaller() ? " for each caller" : " for all callers together");
  }

  /** The tool as the caller named it. */
  static String toolName(WorkerCall call) {
    return call.isPassthrough() ? call.route().upstreamName() : call.route().exposedName();
  }
}
