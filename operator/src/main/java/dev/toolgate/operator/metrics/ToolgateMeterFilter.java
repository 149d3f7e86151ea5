package dev.toolgate.operator.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.time.Duration;

/**
 * Puts JOSDK's {@code operator.sdk.*} meters under Toolgate's prefix, so every operator metric is
 * {@code toolgate_*} in Prometheus, as the design asks; and gives the reconcile and compile timers
 * histogram buckets, so a dashboard can show their quantiles across replicas.
 */
public final class ToolgateMeterFilter implements MeterFilter {

  static final String JOSDK_PREFIX = "operator.sdk.";
  static final String TOOLGATE_PREFIX = "toolgate.operator.";

  /** The timers that get buckets: reconcile executions per controller, config compiles. */
  static final String RECONCILE_TIMERS = TOOLGATE_PREFIX + "controllers.execution.";

  static final String COMPILE_TIMER = "toolgate.gateway.config.compile";

  @Override
  public Meter.Id map(Meter.Id id) {
    if (id.getName().startsWith(JOSDK_PREFIX)) {
      return id.withName(TOOLGATE_PREFIX + id.getName().substring(JOSDK_PREFIX.length()));
    }
    return id;
  }

  @Override
  public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
    boolean timed =
        id.getType() == Meter.Type.TIMER
            && (id.getName().startsWith(RECONCILE_TIMERS) || id.getName().equals(COMPILE_TIMER));
    if (!timed) {
      return config;
    }
    return DistributionStatisticConfig.builder()
        .percentilesHistogram(true)
        // A reconcile takes milliseconds to seconds; bounds keep the bucket count small.
        .minimumExpectedValue((double) Duration.ofMillis(1).toNanos())
        .maximumExpectedValue((double) Duration.ofSeconds(60).toNanos())
        .build()
        .merge(config);
  }
}
