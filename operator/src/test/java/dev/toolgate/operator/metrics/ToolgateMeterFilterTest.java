package dev.toolgate.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
}
