package dev.toolgate.gateway.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TracingTest {

  @Test
  void offUnlessTheVariablesNameWhereSpansGo() {
    assertThat(Tracing.requested(Map.of())).isFalse();
    assertThat(Tracing.requested(Map.of("OTEL_SERVICE_NAME", "gw"))).isFalse();
    assertThat(Tracing.requested(Map.of("OTEL_TRACES_EXPORTER", "none"))).isFalse();
    assertThat(Tracing.fromEnvironment(Map.of())).isSameAs(CallTracer.OFF);
    assertThat(CallTracer.OFF.start(null)).isSameAs(CallSpan.NONE);
  }

  @Test
  void onWithAnEndpointOrAnExporterUnlessTheSdkIsDisabled() {
    assertThat(Tracing.requested(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318"))).isTrue();
    assertThat(Tracing.requested(Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://c:4318")))
        .isTrue();
    assertThat(Tracing.requested(Map.of("OTEL_TRACES_EXPORTER", "otlp"))).isTrue();
    assertThat(
            Tracing.requested(
                Map.of(
                    "OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318", "OTEL_SDK_DISABLED", "true")))
        .isFalse();
  }

  @Test
  void aBadSettingIsRefusedWithTheVariablesNamedInTheMessage() {
    assertThatThrownBy(
            () ->
                Tracing.fromEnvironment(
                    Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318",
                        "OTEL_EXPORTER_OTLP_PROTOCOL", "carrier-pigeon")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("OTEL_* settings");
  }
}
