package dev.toolgate.gateway.policy;

import dev.toolgate.api.settings.Setting;
import dev.toolgate.api.settings.SettingBinder;
import dev.toolgate.api.settings.SettingCatalog;
import dev.toolgate.api.settings.SettingType;
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
  }

  /** What a limit or budget decides while its state cannot be reached. */
  public enum FailureMode {
    /** Refuse calls of tools with a cost (declared, or charged to a budget); let others through. */
    BY_COST,
    /** Let every call through. */
    OPEN,
    /** Refuse every call that has a limit or budget. */
    CLOSED;

    /** Whether a call fails closed: {@code hasCost} when the tool has a cost. */
    public boolean refuses(boolean hasCost) {
      return this == CLOSED || (this == BY_COST && hasCost);
    }

    public String flagValue() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * The policy settings, listed in the gateway's {@code --help} and the README's "policy" table.
   */
  public static final SettingBinder<PolicyOptions> SETTINGS =
      SettingBinder.<PolicyOptions>create()
          .bind(
              Setting.of(
                      "redis-url",
                      SettingType.text(),
                      null,
                      "the Redis server of the redis backends, redis://HOST:PORT (lettuce's URI"
                          + " syntax; rediss:// for TLS)")
                  .inGroup("policy"),
              PolicyOptions::withRedisUrl)
          .bind(
              Setting.of(
                      "limits-backend",
                      SettingType.choice(Backend.class),
                      Backend.MEMORY,
                      "where rate limits and budgets are kept: memory (this replica) or redis"
                          + " (shared)")
                  .inGroup("policy"),
              (p, v) -> p.withBackends(v, p.cacheBackend()))
          .bind(
              Setting.of(
                      "cache-backend",
                      SettingType.choice(Backend.class),
                      Backend.MEMORY,
                      "where cached tool results are kept: memory (this replica) or redis"
                          + " (shared)")
                  .inGroup("policy"),
              (p, v) -> p.withBackends(p.limitsBackend(), v))
          .bind(
              Setting.of(
                      "redis-timeout",
                      SettingType.positiveDuration(),
                      Duration.ofMillis(250),
                      "the longest a limit, budget or cache lookup waits for Redis")
                  .inGroup("policy"),
              PolicyOptions::withRedisTimeout)
          .bind(
              Setting.of(
                      "redis-failure-mode",
                      SettingType.choice(FailureMode.class, FailureMode::flagValue),
                      FailureMode.BY_COST,
                      "while Redis cannot be asked: by-cost refuses calls of tools with a cost"
                          + " (declared, or charged to a budget) and lets the others through; open"
                          + " lets all through; closed refuses every call that has a limit or"
                          + " budget")
                  .inGroup("policy"),
              PolicyOptions::withFailureMode)
          .bind(
              Setting.of(
                      "cache-max-bytes",
                      SettingType.longInteger(0, Long.MAX_VALUE),
                      64L * 1024 * 1024,
                      "memory cache: bytes of results held (least likely used evicted first)")
                  .inGroup("policy"),
              (p, v) -> p.withCacheBounds(v, p.cacheMaxEntryBytes()))
          .bind(
              Setting.of(
                      "cache-max-entry-bytes",
                      SettingType.integer(0, Integer.MAX_VALUE),
                      1024 * 1024,
                      "larger results are not cached")
                  .inGroup("policy"),
              (p, v) -> p.withCacheBounds(p.cacheMaxBytes(), v))
          .bind(
              Setting.of(
                      "loop-max-repeats",
                      SettingType.integer(0, Integer.MAX_VALUE),
                      20,
                      "identical calls (caller, tool, arguments) allowed in the loop window, for"
                          + " tools with a rate limit, cache or budget and no setting of their own;"
                          + " 0: off")
                  .inGroup("policy"),
              (p, v) -> p.withLoopDefaults(v, p.loopWindow()))
          .bind(
              Setting.of(
                      "loop-window",
                      SettingType.positiveDuration(),
                      Duration.ofMinutes(10),
                      "the window of loop detection, for tools without one of their own")
                  .inGroup("policy"),
              (p, v) -> p.withLoopDefaults(p.loopMaxRepeats(), v))
          .bind(
              Setting.of(
                      "redact-builtin",
                      SettingType.bool(),
                      true,
                      "redact common secret formats (cloud keys, GitHub and Slack tokens, JWTs,"
                          + " private keys, passwords in URLs) from every tool's answers")
                  .inGroup("policy"),
              PolicyOptions::withBuiltInRedaction)
          .bind(
              Setting.of(
                      "redaction-key-file",
                      SettingType.path(),
                      null,
                      "the key the operator fingerprinted referenced Secrets with (never in the"
                          + " config); without it, tools with fingerprinted Secrets are not called")
                  .inGroup("policy"),
              PolicyOptions::withRedactionKeyFile);

  /** Every policy setting at its default ({@link #SETTINGS}). */
  public static PolicyOptions defaults() {
    return SETTINGS.apply(
        new PolicyOptions(null, null, null, null, null, 0, 0, 0, null, false, null),
        new SettingCatalog("policy", SETTINGS.settings()).defaults());
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
