package dev.toolgate.gateway.limits;

import com.github.benmanes.caffeine.cache.Cache;
import dev.toolgate.gateway.state.BoundedCaches;
import dev.toolgate.gateway.state.IdleExpiry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Token buckets in this process (one replica). A bucket idle for its period is full, so it is
 * forgotten then; at most {@code maxBuckets} are held (the least recently used go first, which at
 * worst hands an idle caller a full bucket early).
 */
public final class MemoryRateLimiter implements RateLimiter {

  private static final class Bucket {
    final ReentrantLock lock = new ReentrantLock();
    double tokens = -1; // -1: not yet used, full
    long updatedMillis;
    volatile long periodMillis;
  }

  private final LongSupplier millis;
  private final Cache<String, Bucket> buckets;

  /**
   * @param millis a monotonic clock in milliseconds
   */
  public MemoryRateLimiter(LongSupplier millis, long maxBuckets) {
    this.millis = millis;
    this.buckets =
        BoundedCaches.builder()
            .maximumSize(maxBuckets)
            .expireAfter(new IdleExpiry<Bucket>(entry -> entry.periodMillis))
            .build();
  }

  public static MemoryRateLimiter systemClock(long maxBuckets) {
    return new MemoryRateLimiter(() -> System.nanoTime() / 1_000_000, maxBuckets);
  }

  @Override
  public CompletionStage<RateDecision> acquire(List<Limit> limits) {
    return CompletableFuture.completedFuture(decide(limits));
  }

  /** The decision, made at once. */
  public RateDecision decide(List<Limit> limits) {
    List<Bucket> held = new ArrayList<>(limits.size());
    // Locks are taken in key order, so two calls sharing buckets never wait on each other in a
    // circle.
    List<Integer> order = new ArrayList<>(limits.size());
    for (int i = 0; i < limits.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparing(i -> limits.get(i).key()));
    Bucket[] byIndex = new Bucket[limits.size()];
    try {
      for (int i : order) {
        Limit limit = limits.get(i);
        Bucket bucket =
            buckets.get(
                limit.key(),
                k -> {
                  Bucket fresh = new Bucket();
                  fresh.periodMillis = limit.periodMillis();
                  return fresh;
                });
        bucket.periodMillis = limit.periodMillis();
        if (!bucket.lock.isHeldByCurrentThread()) {
          bucket.lock.lock();
          held.add(bucket);
        }
        byIndex[i] = bucket;
      }
      long now = millis.getAsLong();
      double[] tokens = new double[limits.size()];
      int refused = -1;
      long wait = 0;
      for (int i = 0; i < limits.size(); i++) {
        Limit limit = limits.get(i);
        Bucket bucket = byIndex[i];
        double rate = (double) limit.capacity() / limit.periodMillis();
        double current =
            bucket.tokens < 0
                ? limit.capacity()
                : Math.min(
                    limit.capacity(),
                    bucket.tokens + Math.max(0, now - bucket.updatedMillis) * rate);
        tokens[i] = current;
        if (current < 1) {
          long needed = (long) Math.ceil((1 - current) / rate);
          if (needed > wait) {
            wait = needed;
            refused = i;
          }
        }
      }
      if (refused >= 0) {
        return RateDecision.refused(refused, wait);
      }
      for (int i = 0; i < limits.size(); i++) {
        byIndex[i].tokens = tokens[i] - 1;
        byIndex[i].updatedMillis = now;
      }
      return RateDecision.ALLOWED;
    } finally {
      for (Bucket bucket : held) {
        bucket.lock.unlock();
      }
    }
  }
}
