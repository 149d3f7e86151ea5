package dev.toolgate.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.toolgate.gateway.redis.RedisLink;
import dev.toolgate.testing.servers.RedisServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisRateLimiterTest {

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

  private static RateDecision decide(RateLimiter limiter, Limit... limits) {
    return limiter.acquire(List.of(limits)).toCompletableFuture().join();
  }

  @Test
  void twoGatewaysShareOneBucket() {
    RateLimiter a = new RedisRateLimiter(first);
    RateLimiter b = new RedisRateLimiter(second);
    Limit limit = new Limit("shared-" + System.nanoTime(), 3, 60_000);

    assertThat(decide(a, limit).allowed()).isTrue();
    assertThat(decide(b, limit).allowed()).isTrue();
    assertThat(decide(a, limit).allowed()).isTrue();
    RateDecision refused = decide(b, limit);

    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfterMillis()).isBetween(1L, 20_000L);
  }

  @Test
  void aCallRefusedByOneLimitTakesNoTokenFromTheOthers() {
    RateLimiter limiter = new RedisRateLimiter(first);
    long id = System.nanoTime();
    Limit wide = new Limit("wide-" + id, 2, 60_000);
    Limit narrow = new Limit("narrow-" + id, 1, 60_000);

    assertThat(decide(limiter, wide, narrow).allowed()).isTrue();
    RateDecision refused = decide(limiter, wide, narrow);

    assertThat(refused.allowed()).isFalse();
    assertThat(refused.refused()).isEqualTo(1);
    assertThat(decide(limiter, wide).allowed()).isTrue();
    assertThat(decide(limiter, wide).allowed()).isFalse();
  }

  @Test
  void tokensComeBackOnRedisTime() {
    RateLimiter limiter = new RedisRateLimiter(first);
    Limit fast = new Limit("fast-" + System.nanoTime(), 1, 300);
    assertThat(decide(limiter, fast).allowed()).isTrue();
    assertThat(decide(limiter, fast).allowed()).isFalse();

    await().atMost(Duration.ofSeconds(5)).until(() -> decide(limiter, fast).allowed());
  }
}
