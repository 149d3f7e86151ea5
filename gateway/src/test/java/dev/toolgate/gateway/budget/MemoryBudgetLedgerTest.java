package dev.toolgate.gateway.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryBudgetLedgerTest {

  private static final class MovableClock extends Clock {
    Instant now = Instant.parse("2026-03-01T10:15:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final MovableClock clock = new MovableClock();
  private final MemoryBudgetLedger ledger = new MemoryBudgetLedger(clock, 100, Duration.ofDays(2));

  @Test
  void chargesUntilTheBudgetCannotPayThenRefusesUntilThePeriodRenews() {
    Budget hourly = new Budget("scope:s|caller:x", 10, 3_600_000);

    BudgetDecision first = ledger.decide(List.of(hourly), 4);
    assertThat(first.allowed()).isTrue();
    assertThat(first.balances().getFirst().remaining()).isEqualTo(6);
    assertThat(first.balances().getFirst().renewsInMillis()).isEqualTo(45 * 60_000);
    assertThat(ledger.decide(List.of(hourly), 4).allowed()).isTrue();

    BudgetDecision refused = ledger.decide(List.of(hourly), 4);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.refused()).isZero();
    assertThat(refused.balances().getFirst().remaining()).isEqualTo(2);

    clock.now = Instant.parse("2026-03-01T11:00:00Z");
    BudgetDecision renewed = ledger.decide(List.of(hourly), 4);
    assertThat(renewed.allowed()).isTrue();
    assertThat(renewed.balances().getFirst().remaining()).isEqualTo(6);
  }

  @Test
  void aCallOneBudgetCannotPaySpendsNothingFromTheOthers() {
    Budget big = new Budget("big", 100, 86_400_000);
    Budget small = new Budget("small", 1, 86_400_000);
    ledger.decide(List.of(big, small), 1);

    BudgetDecision refused = ledger.decide(List.of(big, small), 1);

    assertThat(refused.allowed()).isFalse();
    assertThat(refused.refused()).isEqualTo(1);
    assertThat(ledger.decide(List.of(big), 0).balances().getFirst().remaining()).isEqualTo(99);
  }
}
