package dev.toolgate.operator.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Puts JOSDK's {@code operator.sdk.*} meters under Toolgate's prefix, so every operator metric is
 * {@code toolgate_*} in Prometheus, as the design asks.
 */
public final class ToolgateMeterFilter implements MeterFilter {

  static final String JOSDK_PREFIX = "operator.sdk.";
  static final String TOOLGATE_PREFIX = "toolgate.operator.";

  @Override
  public Meter.Id map(Meter.Id id) {
    if (id.getName().startsWith(JOSDK_PREFIX)) {
      return id.withName(TOOLGATE_PREFIX + id.getName().substring(JOSDK_PREFIX.length()));
    }
    return id;
  }
}
