package dev.toolgate.gateway.policy;

import dev.toolgate.api.config.GatewayConfig;
import dev.toolgate.api.config.SecretFingerprints;
import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.gateway.budget.BudgetLedger;
import dev.toolgate.gateway.budget.MemoryBudgetLedger;
import dev.toolgate.gateway.budget.RedisBudgetLedger;
import dev.toolgate.gateway.cache.Coalescer;
import dev.toolgate.gateway.cache.MemoryResultCache;
import dev.toolgate.gateway.cache.RedisResultCache;
import dev.toolgate.gateway.cache.ResultCache;
import dev.toolgate.gateway.limits.MemoryRateLimiter;
import dev.toolgate.gateway.limits.RateLimiter;
import dev.toolgate.gateway.limits.RedisRateLimiter;
import dev.toolgate.gateway.loops.LoopDetector;
import dev.toolgate.gateway.redaction.JsonRedactor;
import dev.toolgate.gateway.redaction.RedactionPlan;
import dev.toolgate.gateway.redis.RedisLink;
import dev.toolgate.gateway.routing.RoutingTable;
import dev.toolgate.gateway.tracing.CallTracer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * What the policy stages share: the tools' resolved policies and the state behind them (buckets,
 * budgets, loops, cached results), in memory or in Redis as the options say.
 */
public final class PolicyServices implements AutoCloseable {

  /** Caller keys held per kind of state in memory; the least recently used go first. */
  static final long MAX_MEMORY_KEYS = 200_000;

  /**
   * Loop windows kept at most: an agent's arguments are mostly new, so at a few thousand calls a
   * second every window would be a once-seen key; the cache keeps the keys seen often (Caffeine's
   * admission favours them), and a loop is a key seen often. About 25 MiB of heap when full.
   */
  static final long MAX_LOOP_KEYS = 100_000;

  final ToolPolicies policies;
  final RateLimiter limiter;
  final BudgetLedger ledger;
  final LoopDetector loops;
  final ResultCache cache;
  final Coalescer coalescer = new Coalescer();
  final PolicyOptions options;
  final PolicyCounters counters = new PolicyCounters();
  final Callers callers;
  final CallScopes scopes;
  final CallAnswers answers;
  final StateFailures failures;
  private final RedisLink redis;
  private volatile CallRecording recording = CallRecording.NONE;
  private volatile CallTracer tracer = CallTracer.OFF;

  /** Every part given, for tests. */
  public PolicyServices(
      ToolPolicies policies,
      RateLimiter limiter,
      BudgetLedger ledger,
      LoopDetector loops,
      ResultCache cache,
      PolicyOptions options,
      Callers callers,
      CallScopes scopes,
      CallAnswers answers) {
    this(policies, limiter, ledger, loops, cache, options, callers, scopes, answers, null);
  }

  private PolicyServices(
      ToolPolicies policies,
      RateLimiter limiter,
      BudgetLedger ledger,
      LoopDetector loops,
      ResultCache cache,
      PolicyOptions options,
      Callers callers,
      CallScopes scopes,
      CallAnswers answers,
      RedisLink redis) {
    this.policies = policies;
    this.limiter = limiter;
    this.ledger = ledger;
    this.loops = loops;
    this.cache = cache;
    this.options = options;
    this.callers = callers;
    this.scopes = scopes;
    this.answers = answers;
    this.redis = redis;
    this.failures = new StateFailures(options.failureMode(), counters);
  }

  /**
   * The gateway's services: backends as the options say, the caller from its principal, the scopes
   * that authorized the call counted, answers through the HTTP exchange.
   */
  public static PolicyServices start(
      PolicyOptions options, Supplier<RoutingTable> routes, Supplier<GatewayConfig> configs) {
    options.validated();
    RedisLink redis =
        options.limitsBackend() == PolicyOptions.Backend.REDIS
                || options.cacheBackend() == PolicyOptions.Backend.REDIS
            ? RedisLink.open(options.redisUrl(), options.redisTimeout())
            : null;
    boolean sharedLimits = options.limitsBackend() == PolicyOptions.Backend.REDIS;
    return new PolicyServices(
        new ToolPolicies(routes, configs, options, keys(options)),
        sharedLimits ? new RedisRateLimiter(redis) : MemoryRateLimiter.systemClock(MAX_MEMORY_KEYS),
        sharedLimits
            ? new RedisBudgetLedger(redis)
            // Forgotten only after a year unused: a balance must outlive its longest period.
            : new MemoryBudgetLedger(Clock.systemUTC(), MAX_MEMORY_KEYS, Duration.ofDays(366)),
        LoopDetector.systemClock(MAX_LOOP_KEYS),
        options.cacheBackend() == PolicyOptions.Backend.REDIS
            ? new RedisResultCache(redis)
            : new MemoryResultCache(options.cacheMaxBytes()),
        options,
        Callers.byPrincipal(),
        CallScopes.grantedBy(),
        CallAnswers.http(),
        redis);
  }

  /** The redaction key's fingerprinting, {@code null} when no key file is given. */
  static SecretFingerprints keys(PolicyOptions options) {
    if (options.redactionKeyFile() == null) {
      return null;
    }
    try {
      return SecretFingerprints.withKey(Files.readAllBytes(options.redactionKeyFile()));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the redaction key " + options.redactionKeyFile(), e);
    }
  }

  /**
   * How the messages a worker sends on its own stream (a passthrough GET) are redacted: as its
   * answers are. While a worker's redaction cannot be applied its messages are dropped ({@code
   * null}).
   */
  public UnaryOperator<String> eventRedaction(UpstreamConfig upstream) {
    return data -> {
      RedactionPlan plan = policies.redaction(upstream);
      if (plan.unavailable() != null) {
        return null;
      }
      byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
      byte[] redacted = JsonRedactor.redact(bytes, plan.redactor());
      if (redacted == bytes) {
        return data;
      }
      counters.redactedMessages.increment();
      return new String(redacted, StandardCharsets.UTF_8);
    };
  }

  /** Records every finished {@code tools/call} from now on; set before the endpoints serve. */
  public PolicyServices recordCallsTo(CallRecording value) {
    this.recording = value;
    return this;
  }

  CallRecording recording() {
    return recording;
  }

  /** Traces {@code tools/call} with this tracer; set while wiring, before the first call. */
  public PolicyServices tracedBy(CallTracer callTracer) {
    this.tracer = callTracer;
    return this;
  }

  /** The tracer of {@code tools/call} pipelines, {@link CallTracer#OFF} unless set. */
  public CallTracer tracer() {
    return tracer;
  }

  public PolicyCounters counters() {
    return counters;
  }

  /** The result cache, to look at its entries in tests. */
  public ResultCache cache() {
    return cache;
  }

  public PolicyOptions options() {
    return options;
  }

  @Override
  public void close() {
    if (redis != null) {
      redis.close();
    }
  }
}
