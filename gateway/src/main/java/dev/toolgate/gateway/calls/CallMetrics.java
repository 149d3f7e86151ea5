package dev.toolgate.gateway.calls;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Per-call metrics from the finished-call record: calls by tool and outcome, the gateway's latency
 * and the worker's, as histograms. Labels are bounded: tools come from the config (a name the
 * caller made up is counted as {@code unknown}) and outcomes are a closed set; never the caller or
 * the arguments.
 */
public final class CallMetrics implements CallObserver {

  static final String CALLS = "toolgate_gateway_calls";
  static final String LATENCY = "toolgate_gateway_call_duration";
  static final String UPSTREAM_LATENCY = "toolgate_gateway_upstream_duration";
  static final String UNKNOWN_TOOL = "unknown";

  private static final Duration[] BUCKETS = {
    Duration.ofNanos(250_000),
    Duration.ofNanos(500_000),
    Duration.ofMillis(1),
    Duration.ofMillis(2),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofSeconds(60)
  };

  private record Key(String tool, CallOutcome outcome) {}

  private record Meters(Counter calls, Timer latency) {}

  private final MeterRegistry registry;
  private final ConcurrentHashMap<Key, Meters> meters = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Timer> upstream = new ConcurrentHashMap<>();

  public CallMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void finished(FinishedCall call) {
    // Only calls that named a configured tool carry its name: a caller cannot grow the label set.
    String tool = call.upstream() == null || call.tool() == null ? UNKNOWN_TOOL : call.tool();
    Meters forCall = meters.computeIfAbsent(new Key(tool, call.outcome()), this::register);
    forCall.calls().increment();
    forCall.latency().record(call.latencyMicros(), TimeUnit.MICROSECONDS);
    if (call.upstreamMicros() != null) {
      upstream
          .computeIfAbsent(tool, this::registerUpstream)
          .record(call.upstreamMicros(), TimeUnit.MICROSECONDS);
    }
  }

  private Meters register(Key key) {
    return new Meters(
        Counter.builder(CALLS)
            .description("tools/call requests by tool and outcome")
            .tag("tool", key.tool())
            .tag("outcome", key.outcome().label())
            .register(registry),
        Timer.builder(LATENCY)
            .description("time from receiving a tools/call until its answer was ready")
            .tag("tool", key.tool())
            .tag("outcome", key.outcome().label())
            .serviceLevelObjectives(BUCKETS)
            .register(registry));
  }

  private Timer registerUpstream(String tool) {
    return Timer.builder(UPSTREAM_LATENCY)
        .description("time a worker took to answer a tools/call, or to fail")
        .tag("tool", tool)
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
  }
}
