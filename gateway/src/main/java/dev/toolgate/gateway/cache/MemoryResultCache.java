package dev.toolgate.gateway.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.toolgate.gateway.state.BoundedCaches;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Results in this process, bounded by bytes (value and key, plus a fixed overhead per entry): when
 * full, Caffeine evicts the entries least likely to be used again.
 */
public final class MemoryResultCache implements ResultCache {

  /** What an entry costs beyond its value and key: the map node, the entry and its array. */
  static final int ENTRY_OVERHEAD = 96;

  private record Entry(byte[] value, long ttlNanos) {}

  private final Cache<String, Entry> entries;

  public MemoryResultCache(long maxBytes, Ticker ticker) {
    this.entries =
        BoundedCaches.builder()
            .ticker(ticker)
            .maximumWeight(maxBytes)
            .<String, Entry>weigher(
                (key, entry) ->
                    (int)
                        Math.min(
                            Integer.MAX_VALUE,
                            (long) entry.value.length + 2L * key.length() + ENTRY_OVERHEAD))
            .expireAfter(
                new Expiry<String, Entry>() {
                  @Override
                  public long expireAfterCreate(String key, Entry entry, long now) {
                    return entry.ttlNanos;
                  }

                  @Override
                  public long expireAfterUpdate(
                      String key, Entry entry, long now, long currentDuration) {
                    return entry.ttlNanos;
                  }

                  @Override
                  public long expireAfterRead(
                      String key, Entry entry, long now, long currentDuration) {
                    return currentDuration;
                  }
                })
            .build();
  }

  public MemoryResultCache(long maxBytes) {
    this(maxBytes, Ticker.systemTicker());
  }

  @Override
  public CompletionStage<byte[]> get(String key) {
    Entry entry = entries.getIfPresent(key);
    return CompletableFuture.completedFuture(entry == null ? null : entry.value);
  }

  @Override
  public CompletionStage<Void> put(String key, byte[] value, Duration ttl) {
    entries.put(key, new Entry(value, ttl.toNanos()));
    return CompletableFuture.completedFuture(null);
  }

  /** Every entry held, for tests and the operator of the gateway. */
  public Map<String, byte[]> snapshot() {
    Map<String, byte[]> copy = new java.util.HashMap<>();
    entries.asMap().forEach((key, entry) -> copy.put(key, entry.value));
    return copy;
  }

  /** Bytes held, as weighed. */
  public long weightedSize() {
    entries.cleanUp();
    return entries.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
  }
}
