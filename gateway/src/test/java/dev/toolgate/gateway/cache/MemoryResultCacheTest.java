package dev.toolgate.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MemoryResultCacheTest {

  private final AtomicLong nanos = new AtomicLong();

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void anEntryIsServedUntilItsTimeToLiveThenGone() {
    MemoryResultCache cache = new MemoryResultCache(1 << 20, nanos::get);
    cache.put("k", bytes("{\"a\":1}"), Duration.ofSeconds(5));

    nanos.addAndGet(Duration.ofMillis(4_999).toNanos());
    assertThat(cache.get("k").toCompletableFuture().join()).isEqualTo(bytes("{\"a\":1}"));
    nanos.addAndGet(Duration.ofMillis(2).toNanos());
    assertThat(cache.get("k").toCompletableFuture().join()).isNull();
  }

  @Test
  void holdsNoMoreBytesThanItsBound() {
    long bound = 64 * 1024;
    MemoryResultCache cache = new MemoryResultCache(bound, nanos::get);
    byte[] value = new byte[4 * 1024];
    for (int i = 0; i < 100; i++) {
      cache.put("key-" + i, value, Duration.ofMinutes(5));
    }
    assertThat(cache.weightedSize()).isLessThanOrEqualTo(bound);
    assertThat(cache.snapshot()).isNotEmpty().hasSizeLessThan(100);
  }
}
