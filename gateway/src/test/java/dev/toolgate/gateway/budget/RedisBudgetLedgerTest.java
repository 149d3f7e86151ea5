package dev.toolgate.gateway.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.toolgate.gateway.redis.RedisLink;
import dev.toolgate.testing.servers.RedisServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisBudgetLedgerTest {

  private static RedisServer redis;
  private static RedisLink first;
  private static RedisLink second;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisServer.start();
    first = RedisLink.open(redis.url(), Duration.ofSeconds(1));
    second = RedisLink.open(redis.url(), Duration.ofSeconds(1));
    await().atMost(Duration.ofSeconds(10)).until(() -> first.isConnected() && second.isConnected());
  }

  @AfterAll
  static void stop() throws Exception {
    first.close();
    second.close();
    redis.close();
  }

  private static BudgetDecision charge(BudgetLedger ledger, long cost, Budget... budgets) {
    return ledger.charge(List.of(budgets), cost).toCompletableFuture().join();
  }

  @Test
  void twoGatewaysSpendOneBudgetAndSeeTheSameBalance() {
    BudgetLedger a = new RedisBudgetLedger(first);
    BudgetLedger b = new RedisBudgetLedger(second);
    Budget daily = new Budget("daily-" + System.nanoTime(), 10, 86_400_000);

    assertThat(charge(a, 4, daily).balances().getFirst().remaining()).isEqualTo(6);
    assertThat(charge(b, 4, daily).balances().getFirst().remaining()).isEqualTo(2);
    BudgetDecision refused = charge(a, 4, daily);

    assertThat(refused.allowed()).isFalse();
    assertThat(refused.refused()).isZero();
    assertThat(refused.balances().getFirst().remaining()).isEqualTo(2);
    assertThat(refused.balances().getFirst().renewsInMillis()).isBetween(1L, 86_400_000L);
  }

  @Test
  void aCallOneBudgetCannotPaySpendsNothingFromTheOthers() {
    BudgetLedger ledger = new RedisBudgetLedger(first);
    long id = System.nanoTime();
    Budget big = new Budget("big-" + id, 100, 86_400_000);
    Budget small = new Budget("small-" + id, 1, 86_400_000);
    charge(ledger, 1, big, small);

    assertThat(charge(ledger, 1, big, small).allowed()).isFalse();
    assertThat(charge(ledger, 0, big).balances().getFirst().remaining()).isEqualTo(99);
  }

  @Test
  void aNewPeriodStartsWithTheWholeBudget() {
    BudgetLedger ledger = new RedisBudgetLedger(first);
    Budget shortPeriod = new Budget("short-" + System.nanoTime(), 1, 500);
    charge(ledger, 1, shortPeriod);

    await().atMost(Duration.ofSeconds(5)).until(() -> charge(ledger, 1, shortPeriod).allowed());
  }
}
