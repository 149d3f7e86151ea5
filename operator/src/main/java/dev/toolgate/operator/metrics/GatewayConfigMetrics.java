package dev.toolgate.operator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Toolgate's own meters for the gateway config: compiles, writes and open violations. */
public final class GatewayConfigMetrics {

  private final Timer compiles;
  private final Counter writes;
  private final AtomicInteger violations = new AtomicInteger();

  public GatewayConfigMetrics(MeterRegistry registry) {
    compiles =
        Timer.builder("toolgate.gateway.config.compile")
            .description("Compiles of all McpTools and McpScopes into the gateway config")
            .register(registry);
    writes =
        Counter.builder("toolgate.gateway.config.writes")
            .description(
                "Times the compiled gateway config differed from the ConfigMap and was written")
            .register(registry);
    registry.gauge("toolgate.gateway.config.violations", violations);
  }

  public void compiled(long nanos, int violationCount) {
    compiles.record(nanos, TimeUnit.NANOSECONDS);
    violations.set(violationCount);
  }

  public void written() {
    writes.increment();
  }
}
