package dev.toolgate.gateway.loops;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.toolgate.gateway.state.IdleExpiry;
import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * Counts identical calls (one key per caller, tool and canonical arguments) in a sliding window.
 * Kept in this process: a caller's session lives on one replica, and a loop is a session repeating
 * itself. A key idle for its window is forgotten; at most {@code maxKeys} are held.
 */
public final class LoopDetector {

  private static final class Calls {
    final ArrayDeque<Long> times = new ArrayDeque<>();
    volatile long windowMillis;
  }

  private final LongSupplier millis;
  private final Cache<String, Calls> calls;

  public LoopDetector(LongSupplier millis, long maxKeys) {
    this.millis = millis;
    this.calls =
        Caffeine.newBuilder()
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
      while (!entry.times.isEmpty() && entry.times.peekFirst() <= now - windowMillis) {
        entry.times.pollFirst();
      }
      entry.times.addLast(now);
      while (entry.times.size() > maxRepeats + 1) {
        entry.times.pollFirst();
      }
      return entry.times.size();
    }
  }
}
