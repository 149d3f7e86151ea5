package dev.toolgate.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ToolgateMeterFilterTest {

  @Test
  void putsJosdkMetersUnderTheToolgatePrefixAndLeavesOthersAlone() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    registry.config().meterFilter(new ToolgateMeterFilter());
    registry.counter("operator.sdk.reconciliations.started").increment();
    registry.counter("jvm.something").increment();
    new GatewayConfigMetrics(registry).written();
    assertThat(registry.find("toolgate.operator.reconciliations.started").counter()).isNotNull();
    assertThat(registry.find("operator.sdk.reconciliations.started").counter()).isNull();
    assertThat(registry.find("jvm.something").counter()).isNotNull();
    assertThat(registry.find("toolgate.gateway.config.writes").counter().count()).isEqualTo(1.0);
  }

  @Test
  void reconcileAndCompileTimersAreHistogramsInPrometheusOthersStaySummaries() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new ToolgateMeterFilter());
    Timer.builder("operator.sdk.controllers.execution.reconcile")
        .tag("controller", "mcptool")
        .register(registry)
        .record(Duration.ofMillis(40));
    registry
        .counter("operator.sdk.controllers.execution.reconcile.failure", "controller", "mcptool")
        .increment();
    new GatewayConfigMetrics(registry).compiled(Duration.ofMillis(3).toNanos(), 0);
    registry.timer("some.other.timer").record(Duration.ofMillis(1));

    String text = registry.scrape();

    assertThat(text)
        .contains("# TYPE toolgate_operator_controllers_execution_reconcile_seconds histogram")
        .contains(
            "toolgate_operator_controllers_execution_reconcile_seconds_count{controller=\"mcptool\"} 1")
        .contains(
            "toolgate_operator_controllers_execution_reconcile_failure_total{controller=\"mcptool\"}"
                + " 1.0")
        .contains("# TYPE toolgate_gateway_config_compile_seconds histogram")
        .doesNotContain("some_other_timer_seconds_bucket");
    long buckets =
        Arrays.stream(text.split("\n"))
            .filter(
                l ->
                    l.startsWith(
                        "toolgate_operator_controllers_execution_reconcile_seconds_bucket"))
            .count();
    assertThat(buckets).isBetween(10L, 80L);
  }
}
