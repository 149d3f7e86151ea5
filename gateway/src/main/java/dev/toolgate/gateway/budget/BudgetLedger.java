package dev.toolgate.gateway.budget;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Spending against budgets. A call is charged its cost on every budget it falls under, all or none:
 * a call refused by one budget spends nothing from the others.
 */
public interface BudgetLedger {

  /**
   * Charges {@code cost} to every budget, or to none. Completes exceptionally only when the state
   * cannot be reached (Redis down).
   */
  CompletionStage<BudgetDecision> charge(List<Budget> budgets, long cost);
}
