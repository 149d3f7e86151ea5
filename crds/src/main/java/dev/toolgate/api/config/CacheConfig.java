package dev.toolgate.api.config;

/**
 * Result caching keyed by a hash of the tool's arguments. A caller bypasses it per request.
 *
 * @param ttl how long a result is served from the cache, a duration such as {@code 5m}
 */
public record CacheConfig(String ttl) {}
