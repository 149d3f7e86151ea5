package dev.toolgate.gateway.policy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.gateway.budget.Budget;
import dev.toolgate.gateway.budget.BudgetDecision;
import dev.toolgate.gateway.protocol.JsonRpcException;
import java.util.ArrayList;
import java.util.List;

/**
 * Charges a call its tool's cost on every budget of the McpScopes that grant it, per caller and
 * period. A caller over budget is refused like a rate limit (429, {@code Retry-After} until the
 * period renews); an answered call carries what is left in its result's {@code _meta} under {@code
 * dev.toolgate/budget}, so a cost-aware agent can plan.
 */
public final class ChargeBudget implements CallStage {

  private final PolicyServices services;

  public ChargeBudget(PolicyServices services) {
    this.services = services;
  }

  @Override
  public void apply(WorkerCall call, CallChain chain) throws JsonRpcException {
    PolicyState state = call.policyState();
    CallPolicy policy = state.policy(call, services.policies);
    if (policy == null || policy.cost() == 0) {
      chain.proceed();
      return;
    }
    List<CallPolicy.ScopeRule> rules = new ArrayList<>(1);
    for (CallPolicy.ScopeRule scope : policy.scopesFor(services.scopes.of(call))) {
      if (scope.budget() != null) {
        rules.add(scope);
      }
    }
    if (rules.isEmpty()) {
      chain.proceed();
      return;
    }
    String caller = state.caller(call, services.callers).id();
    List<Budget> budgets =
        rules.stream()
            .map(
                rule ->
                    new Budget(
                        "scope:" + rule.scope() + "|caller:" + caller,
                        rule.budget().units(),
                        rule.budget().periodMillis()))
            .toList();
    Continuation.then(
        call,
        services.answers,
        services.ledger.charge(budgets, policy.cost()),
        decision -> {
          services.failures.succeeded();
          if (decision.allowed()) {
            state.meta().put(ResultMeta.BUDGET, balances(rules, decision));
            chain.proceed();
          } else {
            refuse(call, policy, rules, decision);
          }
        },
        failure -> {
          if (services.failures.refuses("budgets", true, failure)) {
            LimitRate.unavailable(services, call, "budgets");
          } else {
            chain.proceed();
          }
        });
  }

  private static ArrayNode balances(List<CallPolicy.ScopeRule> rules, BudgetDecision decision) {
    ArrayNode balances = PolicyErrors.JSON.createArrayNode();
    for (int i = 0; i < rules.size(); i++) {
      balances.add(balance(rules.get(i), decision.balances().get(i)));
    }
    return balances;
  }

  private static ObjectNode balance(CallPolicy.ScopeRule rule, BudgetDecision.Balance balance) {
    return PolicyErrors.JSON
        .createObjectNode()
        .put("scope", rule.scope())
        .put("remaining", balance.remaining())
        .put("units", rule.budget().units())
        .put("period", rule.budget().period())
        .put("renewsInSeconds", PolicyErrors.seconds(balance.renewsInMillis()));
  }

  private void refuse(
      WorkerCall call,
      CallPolicy policy,
      List<CallPolicy.ScopeRule> rules,
      BudgetDecision decision) {
    services.counters.budgetRefused.increment();
    CallPolicy.ScopeRule rule = rules.get(decision.refused());
    BudgetDecision.Balance balance = decision.balances().get(decision.refused());
    long seconds = PolicyErrors.seconds(balance.renewsInMillis());
    ObjectNode data = PolicyErrors.JSON.createObjectNode();
    data.put("retryAfterSeconds", seconds);
    data.put("cost", policy.cost());
    data.set("budget", balance(rule, balance));
    services.answers.answer(
        call,
        429,
        List.of("Retry-After", Long.toString(seconds)),
        PolicyErrors.response(
            call.message().rawId(),
            PolicyErrors.BUDGET_EXHAUSTED,
            "Budget exhausted: scope "
                + rule.scope()
                + " allows "
                + rule.budget().units()
                + " units per "
                + rule.budget().period()
                + " for each caller; this call costs "
                + policy.cost()
                + " and "
                + balance.remaining()
                + " remain; the budget renews in "
                + seconds
                + " s",
            data));
  }
}
