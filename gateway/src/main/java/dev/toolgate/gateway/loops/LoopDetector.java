package dev.toolgate.gateway.loops;

import com.github.benmanes.caffeine.cache.Cache;
import dev.toolgate.gateway.state.BoundedCaches;
import dev.toolgate.gateway.state.IdleExpiry;
import java.util.function.LongSupplier;

/**
 * Counts identical calls (one key per caller, tool and canonical arguments) in a sliding window.
 * Kept in this process: a caller's session lives on one replica, and a loop is a session repeating
 * itself. A key idle for its window is forgotten; at most {@code maxKeys} are held.
 */
public final class LoopDetector {

  /**
   * One key's recent call times, oldest first, in a ring that grows only as far as the loop
   * threshold needs: most keys (arguments an agent sends once) hold one time in a one-slot array,
   * where a queue of boxed times cost about five times the memory (found when a scale run with
   * 200,000 distinct keys filled the heap).
   */
  private static final class Calls {
    long[] times = new long[1];
    int start;
    int size;
    volatile long windowMillis;

    /** Drops times older than the window, adds {@code now}, keeps at most {@code limit}. */
    int add(long now, long windowMillis, int limit) {
      while (size > 0 && times[start] <= now - windowMillis) {
        start = (start + 1) % times.length;
        size--;
      }
      if (size == times.length) {
        if (times.length < limit) {
          grow(Math.min(limit, times.length * 2));
        } else {
          start = (start + 1) % times.length;
          size--;
        }
      }
      times[(start + size) % times.length] = now;
      size++;
      while (size > limit) {
        start = (start + 1) % times.length;
        size--;
      }
      return size;
    }

    private void grow(int capacity) {
      long[] grown = new long[capacity];
      for (int i = 0; i < size; i++) {
        grown[i] = times[(start + i) % times.length];
      }
      times = grown;
      start = 0;
    }
  }

  private final LongSupplier millis;
  private final Cache<String, Calls> calls;

  public LoopDetector(LongSupplier millis, long maxKeys) {
    this.millis = millis;
    this.calls =
        BoundedCaches.builder()
            .maximumSize(maxKeys)
            .expireAfter(new IdleExpiry<Calls>(entry -> entry.windowMillis))
            .build();
  }

  public static LoopDetector systemClock(long maxKeys) {
    return new LoopDetector(() -> System.nanoTime() / 1_000_000, maxKeys);
  }

  /**
   * Records one call and returns how many identical calls the window now holds, this one included
   * (counted up to {@code maxRepeats + 1}).
   */
  public int record(String key, int maxRepeats, long windowMillis) {
    Calls entry =
        calls.get(
            key,
            k -> {
              Calls fresh = new Calls();
              fresh.windowMillis = windowMillis;
              return fresh;
            });
    entry.windowMillis = windowMillis;
    long now = millis.getAsLong();
    synchronized (entry) {
      return entry.add(now, windowMillis, maxRepeats + 1);
    }
  }
}
