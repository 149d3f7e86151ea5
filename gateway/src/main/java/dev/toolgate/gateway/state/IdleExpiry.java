package dev.toolgate.gateway.state;

import com.github.benmanes.caffeine.cache.Expiry;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * Caffeine expiry for in-memory policy state that is worth nothing once idle for its own period (a
 * token bucket refilled, a loop window passed): every access restarts that entry's period.
 *
 * @param <V> the state kept per key
 */
public final class IdleExpiry<V> implements Expiry<String, V> {

  private final ToLongFunction<V> periodMillis;

  /**
   * @param periodMillis how long an entry may sit idle, read from the entry itself
   */
  public IdleExpiry(ToLongFunction<V> periodMillis) {
    this.periodMillis = periodMillis;
  }

  @Override
  public long expireAfterCreate(String key, V value, long now) {
    return idle(value);
  }

  @Override
  public long expireAfterUpdate(String key, V value, long now, long currentDuration) {
    return idle(value);
  }

  @Override
  public long expireAfterRead(String key, V value, long now, long currentDuration) {
    return idle(value);
  }

  private long idle(V value) {
    return TimeUnit.MILLISECONDS.toNanos(periodMillis.applyAsLong(value));
  }
}
