package dev.toolgate.gateway.state;

import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The builder every in-memory policy store starts from: the result cache, rate limits, budgets and
 * loop windows.
 */
public final class BoundedCaches {

  private BoundedCaches() {}

  /**
   * A Caffeine builder whose upkeep (eviction, expiry) runs on the calling thread, inside the call
   * that caused it, instead of on the common fork-join pool. The work is the same; what goes is a
   * wake-up of a pool thread on nearly every write: with most calls writing a new key (a cache
   * miss, a loop window), those wake-ups and the pool's parking cost the gateway about 4% of its
   * CPU (async-profiler, bench/run-gateway.sh --quick, 2026-12-03).
   */
  public static Caffeine<Object, Object> builder() {
    return Caffeine.newBuilder().executor(Runnable::run);
  }
}
