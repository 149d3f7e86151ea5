package dev.toolgate.gateway.budget;

import java.util.List;

/**
 * The outcome of charging a call to its budgets.
 *
 * @param allowed every budget could pay, and each did
 * @param refused the index of a budget that could not pay, -1 when allowed
 * @param balances each budget's state after the decision, in the order asked
 */
public record BudgetDecision(boolean allowed, int refused, List<Balance> balances) {

  /**
   * @param remaining units left in the current period
   * @param renewsInMillis when the period ends and the budget is full again
   */
  public record Balance(long remaining, long renewsInMillis) {}
}
