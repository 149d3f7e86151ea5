package dev.toolgate.gateway.budget;

import com.github.benmanes.caffeine.cache.Cache;
import dev.toolgate.gateway.state.BoundedCaches;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Budgets in this process (one replica), on the wall clock so periods renew on the hour. */
public final class MemoryBudgetLedger implements BudgetLedger {

  private static final class Spent {
    long window = -1;
    long used;
  }

  private final Clock clock;
  private final Cache<String, Spent> spent;

  /**
   * @param maxKeys how many (caller, scope) balances are held; the least recently used go first
   */
  public MemoryBudgetLedger(Clock clock, long maxKeys, Duration longestPeriod) {
    this.clock = clock;
    this.spent =
        BoundedCaches.builder().maximumSize(maxKeys).expireAfterAccess(longestPeriod).build();
  }

  @Override
  public CompletionStage<BudgetDecision> charge(List<Budget> budgets, long cost) {
    return CompletableFuture.completedFuture(decide(budgets, cost));
  }

  /** The decision, made at once. */
  public synchronized BudgetDecision decide(List<Budget> budgets, long cost) {
    long now = clock.millis();
    long[] used = new long[budgets.size()];
    Spent[] states = new Spent[budgets.size()];
    int refused = -1;
    for (int i = 0; i < budgets.size(); i++) {
      Budget budget = budgets.get(i);
      long window = now / budget.periodMillis();
      Spent state = spent.get(budget.key(), k -> new Spent());
      if (state.window != window) {
        state.window = window;
        state.used = 0;
      }
      states[i] = state;
      used[i] = state.used;
      if (refused < 0 && state.used + cost > budget.units()) {
        refused = i;
      }
    }
    List<BudgetDecision.Balance> balances = new ArrayList<>(budgets.size());
    for (int i = 0; i < budgets.size(); i++) {
      Budget budget = budgets.get(i);
      if (refused < 0) {
        states[i].used += cost;
      }
      long windowEnd = (now / budget.periodMillis() + 1) * budget.periodMillis();
      balances.add(
          new BudgetDecision.Balance(
              Math.max(0, budget.units() - states[i].used), windowEnd - now));
    }
    return new BudgetDecision(refused < 0, refused, List.copyOf(balances));
  }
}
