package dev.toolgate.gateway.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TraceContextTest {

  static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Test
  void aWellFormedTraceparentAndItsTracestateTravel() {
    assertThat(TraceContext.traceparent(VALID)).isEqualTo(VALID);
    assertThat(TraceContext.tracestate("vendor=abc,other=1", VALID))
        .isEqualTo("vendor=abc,other=1");
  }

  @Test
  void aLaterVersionWithMoreFieldsIsAccepted() {
    String v1 = "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra";
    assertThat(TraceContext.traceparent(v1)).isEqualTo(v1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "garbage",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g"
      })
  void aMalformedTraceparentIsDropped(String header) {
    assertThat(TraceContext.traceparent(header)).isNull();
  }

  @Test
  void tracestateNeverTravelsAloneOrOversizedOrWithControlCharacters() {
    assertThat(TraceContext.tracestate("vendor=abc", null)).isNull();
    assertThat(TraceContext.tracestate("v=" + "a".repeat(600), VALID)).isNull();
    assertThat(TraceContext.tracestate("v=a\tb", VALID)).isNull();
  }
}
