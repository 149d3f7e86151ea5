package dev.toolgate.gateway.policy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

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
    return with(b -> b.redisUrl = value);
  }

  public PolicyOptions withBackends(Backend limits, Backend cache) {
    return with(
        b -> {
          b.limitsBackend = limits;
          b.cacheBackend = cache;
        });
  }

  public PolicyOptions withRedisTimeout(Duration value) {
    return with(b -> b.redisTimeout = value);
  }

  public PolicyOptions withFailureMode(FailureMode value) {
    return with(b -> b.failureMode = value);
  }

  public PolicyOptions withCacheBounds(long maxBytes, int maxEntryBytes) {
    return with(
        b -> {
          b.cacheMaxBytes = maxBytes;
          b.cacheMaxEntryBytes = maxEntryBytes;
        });
  }

  public PolicyOptions withLoopDefaults(int maxRepeats, Duration window) {
    return with(
        b -> {
          b.loopMaxRepeats = maxRepeats;
          b.loopWindow = window;
        });
  }

  public PolicyOptions withBuiltInRedaction(boolean value) {
    return with(b -> b.builtInRedaction = value);
  }

  public PolicyOptions withRedactionKeyFile(Path value) {
    return with(b -> b.redactionKeyFile = value);
  }

  /** A copy with some fields changed: every wither names its fields once, here is the rest. */
  private PolicyOptions with(Consumer<Builder> change) {
    Builder b = new Builder(this);
    change.accept(b);
    return new PolicyOptions(
        b.redisUrl,
        b.limitsBackend,
        b.cacheBackend,
        b.redisTimeout,
        b.failureMode,
        b.cacheMaxBytes,
        b.cacheMaxEntryBytes,
        b.loopMaxRepeats,
        b.loopWindow,
        b.builtInRedaction,
        b.redactionKeyFile);
  }

  private static final class Builder {
    String redisUrl;
    Backend limitsBackend;
    Backend cacheBackend;
    Duration redisTimeout;
    FailureMode failureMode;
    long cacheMaxBytes;
    int cacheMaxEntryBytes;
    int loopMaxRepeats;
    Duration loopWindow;
    boolean builtInRedaction;
    Path redactionKeyFile;

    Builder(PolicyOptions o) {
      redisUrl = o.redisUrl;
      limitsBackend = o.limitsBackend;
      cacheBackend = o.cacheBackend;
      redisTimeout = o.redisTimeout;
      failureMode = o.failureMode;
      cacheMaxBytes = o.cacheMaxBytes;
      cacheMaxEntryBytes = o.cacheMaxEntryBytes;
      loopMaxRepeats = o.loopMaxRepeats;
      loopWindow = o.loopWindow;
      builtInRedaction = o.builtInRedaction;
      redactionKeyFile = o.redactionKeyFile;
    }
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
