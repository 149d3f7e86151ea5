package dev.toolgate.api.config;

/**
 * Result caching keyed by the tool's definition and a canonical form of the arguments. A caller
 * bypasses it per request. The gateway caches only tools declared {@code idempotent} here or marked
 * {@code readOnlyHint}/{@code idempotentHint} by their server.
 *
 * @param ttl how long a result is served from the cache, a duration such as {@code 5m}
 * @param shared {@code true}: one entry serves every caller; absent: each caller has its own
 */
public record CacheConfig(String ttl, Boolean shared) {

  /** A cache whose entries are the caller's own, as configs were written before {@code shared}. */
  public CacheConfig(String ttl) {
    this(ttl, null);
  }

  public boolean isShared() {
    return Boolean.TRUE.equals(shared);
  }
}
