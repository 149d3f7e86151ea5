package dev.toolgate.gateway.policy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The gateway's settings for rate limits, budgets, loops, the result cache and redaction (the flags
 * are in {@code GatewayOptions}).
 *
 * @param redisUrl the Redis server of the {@code redis} backends, {@code redis://host:port}
 * @param limitsBackend where token buckets and budgets live
 * @param cacheBackend where cached results live
 * @param redisTimeout the longest one Redis decision may take before the failure mode applies
 * @param failureMode what a limit or budget decides while Redis cannot be asked
 * @param cacheMaxBytes the in-memory cache's bound (values, keys and overhead)
 * @param cacheMaxEntryBytes larger results are not cached
 * @param loopMaxRepeats identical calls allowed in the window by default; 0 turns the default off
 * @param loopWindow the default window of loop detection
 * @param builtInRedaction apply the built-in secret detectors to every tool's answers
 * @param redactionKeyFile the key Secret fingerprints were made with, {@code null} when none
 */
public record PolicyOptions(
    String redisUrl,
    Backend limitsBackend,
    Backend cacheBackend,
    Duration redisTimeout,
    FailureMode failureMode,
    long cacheMaxBytes,
    int cacheMaxEntryBytes,
    int loopMaxRepeats,
    Duration loopWindow,
    boolean builtInRedaction,
    Path redactionKeyFile) {

  /** Where shared state lives. */
  public enum Backend {
    /** In this process: one replica. */
    MEMORY,
    /** In Redis: every replica shares it. */
    REDIS;

    public static Backend parse(String name, String value) {
      return switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "memory" -> MEMORY;
        case "redis" -> REDIS;
        default ->
            throw new IllegalArgumentException(name + " expects memory or redis, got " + value);
      };
    }
  }

  /** What a limit or budget decides while its state cannot be reached. */
  public enum FailureMode {
    /** Refuse calls of tools with a cost (declared, or charged to a budget); let others through. */
    BY_COST,
    /** Let every call through. */
    OPEN,
    /** Refuse every call that has a limit or budget. */
    CLOSED;

    public static FailureMode parse(String name, String value) {
      return switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "by-cost" -> BY_COST;
        case "open" -> OPEN;
        case "closed" -> CLOSED;
        default ->
            throw new IllegalArgumentException(
                name + " expects by-cost, open or closed, got " + value);
      };
    }

    /** Whether a call fails closed: {@code hasCost} when the tool has a cost. */
    public boolean refuses(boolean hasCost) {
      return this == CLOSED || (this == BY_COST && hasCost);
    }

    public String flagValue() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  public static PolicyOptions defaults() {
    return new PolicyOptions(
        null,
        Backend.MEMORY,
        Backend.MEMORY,
        Duration.ofMillis(250),
        FailureMode.BY_COST,
        64L * 1024 * 1024,
        1024 * 1024,
        20,
        Duration.ofMinutes(10),
        true,
        null);
  }

  public PolicyOptions withRedisUrl(String value) {
    return new PolicyOptions(
        value,
        limitsBackend,
        cacheBackend,
        redisTimeout,
        failureMode,
        cacheMaxBytes,
        cacheMaxEntryBytes,
        loopMaxRepeats,
        loopWindow,
        builtInRedaction,
        redactionKeyFile);
  }

  public PolicyOptions withBackends(Backend limits, Backend cache) {
    return new PolicyOptions(
        redisUrl,
        limits,
        cache,
        redisTimeout,
        failureMode,
        cacheMaxBytes,
        cacheMaxEntryBytes,
        loopMaxRepeats,
        loopWindow,
        builtInRedaction,
        redactionKeyFile);
  }

  public PolicyOptions withRedisTimeout(Duration value) {
    return new PolicyOptions(
        redisUrl,
        limitsBackend,
        cacheBackend,
        value,
        failureMode,
        cacheMaxBytes,
        cacheMaxEntryBytes,
        loopMaxRepeats,
        loopWindow,
        builtInRedaction,
        redactionKeyFile);
  }

  public PolicyOptions withFailureMode(FailureMode value) {
    return new PolicyOptions(
        redisUrl,
        limitsBackend,
        cacheBackend,
        redisTimeout,
        value,
        cacheMaxBytes,
        cacheMaxEntryBytes,
        loopMaxRepeats,
        loopWindow,
        builtInRedaction,
        redactionKeyFile);
  }

  public PolicyOptions withCacheBounds(long maxBytes, int maxEntryBytes) {
    return new PolicyOptions(
        redisUrl,
        limitsBackend,
        cacheBackend,
        redisTimeout,
        failureMode,
        maxBytes,
        maxEntryBytes,
        loopMaxRepeats,
        loopWindow,
        builtInRedaction,
        redactionKeyFile);
  }

  public PolicyOptions withLoopDefaults(int maxRepeats, Duration window) {
    return new PolicyOptions(
        redisUrl,
        limitsBackend,
        cacheBackend,
        redisTimeout,
        failureMode,
        cacheMaxBytes,
        cacheMaxEntryBytes,
        maxRepeats,
        window,
        builtInRedaction,
        redactionKeyFile);
  }

  public PolicyOptions withBuiltInRedaction(boolean value) {
    return new PolicyOptions(
        redisUrl,
        limitsBackend,
        cacheBackend,
        redisTimeout,
        failureMode,
        cacheMaxBytes,
        cacheMaxEntryBytes,
        loopMaxRepeats,
        loopWindow,
        value,
        redactionKeyFile);
  }

  public PolicyOptions withRedactionKeyFile(Path value) {
    return new PolicyOptions(
        redisUrl,
        limitsBackend,
        cacheBackend,
        redisTimeout,
        failureMode,
        cacheMaxBytes,
        cacheMaxEntryBytes,
        loopMaxRepeats,
        loopWindow,
        builtInRedaction,
        value);
  }

  /** Checks the settings that only make sense together. */
  public PolicyOptions validated() {
    if ((limitsBackend == Backend.REDIS || cacheBackend == Backend.REDIS)
        && (redisUrl == null || redisUrl.isBlank())) {
      throw new IllegalArgumentException("a redis backend needs --redis-url");
    }
    if (loopMaxRepeats < 0) {
      throw new IllegalArgumentException("--loop-max-repeats must not be negative");
    }
    return this;
  }
}
