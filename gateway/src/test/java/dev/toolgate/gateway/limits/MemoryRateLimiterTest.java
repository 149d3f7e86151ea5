package dev.toolgate.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MemoryRateLimiterTest {

  private final AtomicLong now = new AtomicLong(10_000);
  private final MemoryRateLimiter limiter = new MemoryRateLimiter(now::get, 100);

  @Test
  void allowsTheCapacityThenRefusesWithTheTimeUntilTheNextToken() {
    Limit limit = new Limit("tool:a|caller:x", 3, 60_000);
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.decide(List.of(limit)).allowed()).isTrue();
    }
    RateDecision refused = limiter.decide(List.of(limit));
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.refused()).isZero();
    assertThat(refused.retryAfterMillis()).isEqualTo(20_000); // one token per 20 s
  }

  @Test
  void tokensComeBackEvenlyOverThePeriod() {
    Limit limit = new Limit("k", 2, 1_000);
    limiter.decide(List.of(limit));
    limiter.decide(List.of(limit));
    assertThat(limiter.decide(List.of(limit)).allowed()).isFalse();
    now.addAndGet(499);
    assertThat(limiter.decide(List.of(limit)).allowed()).isFalse();
    now.addAndGet(1);
    assertThat(limiter.decide(List.of(limit)).allowed()).isTrue();
    assertThat(limiter.decide(List.of(limit)).allowed()).isFalse();
  }

  @Test
  void aBucketNeverHoldsMoreThanItsCapacity() {
    Limit limit = new Limit("k", 2, 1_000);
    now.addAndGet(3_600_000);
    assertThat(limiter.decide(List.of(limit)).allowed()).isTrue();
    assertThat(limiter.decide(List.of(limit)).allowed()).isTrue();
    assertThat(limiter.decide(List.of(limit)).allowed()).isFalse();
  }

  @Test
  void aCallRefusedByOneLimitTakesNoTokenFromTheOthers() {
    Limit tool = new Limit("tool", 10, 60_000);
    Limit scope = new Limit("scope", 1, 60_000);
    assertThat(limiter.decide(List.of(tool, scope)).allowed()).isTrue();
    RateDecision refused = limiter.decide(List.of(tool, scope));
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.refused()).isEqualTo(1);
    for (int i = 0; i < 9; i++) {
      assertThat(limiter.decide(List.of(tool)).allowed()).as("call %d", i).isTrue();
    }
    assertThat(limiter.decide(List.of(tool)).allowed()).isFalse();
  }

  @Test
  void eachKeyHasItsOwnBucket() {
    Limit a = new Limit("tool|caller:a", 1, 60_000);
    Limit b = new Limit("tool|caller:b", 1, 60_000);
    assertThat(limiter.decide(List.of(a)).allowed()).isTrue();
    assertThat(limiter.decide(List.of(a)).allowed()).isFalse();
    assertThat(limiter.decide(List.of(b)).allowed()).isTrue();
  }
}
