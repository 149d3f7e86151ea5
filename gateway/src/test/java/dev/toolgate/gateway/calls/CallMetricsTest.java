package dev.toolgate.gateway.calls;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CallMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final CallMetrics metrics = new CallMetrics(registry);

  static FinishedCall call(String upstream, String tool, CallOutcome outcome, Long upstreamMicros) {
    return new FinishedCall(
        "id",
        0,
        "mcp",
        "https://issuer",
        "alice",
        "agent",
        "s1",
        upstream,
        tool,
        "sha256:x",
        outcome,
        null,
        1500,
        upstreamMicros,
        1,
        null,
        "v1",
        false,
        null,
        null);
  }

  @Test
  void countsCallsByToolAndOutcomeAndTimesThem() {
    metrics.finished(call("tools/shop", "shop.lookup", CallOutcome.OK, 900L));
    metrics.finished(call("tools/shop", "shop.lookup", CallOutcome.OK, 1100L));
    metrics.finished(call("tools/shop", "shop.lookup", CallOutcome.CACHE_HIT, null));

    assertThat(
            registry
                .get("toolgate_gateway_calls")
                .tags("tool", "shop.lookup", "outcome", "ok")
                .counter()
                .count())
        .isEqualTo(2.0);
    assertThat(
            registry
                .get("toolgate_gateway_calls")
                .tags("tool", "shop.lookup", "outcome", "cache-hit")
                .counter()
                .count())
        .isEqualTo(1.0);
    Timer latency =
        registry
            .get("toolgate_gateway_call_duration")
            .tags("tool", "shop.lookup", "outcome", "ok")
            .timer();
    assertThat(latency.count()).isEqualTo(2);
    assertThat(latency.totalTime(TimeUnit.MICROSECONDS)).isEqualTo(3000.0);
    Timer upstream =
        registry.get("toolgate_gateway_upstream_duration").tags("tool", "shop.lookup").timer();
    assertThat(upstream.count()).isEqualTo(2);
    assertThat(upstream.totalTime(TimeUnit.MICROSECONDS)).isEqualTo(2000.0);
  }

  @Test
  void aToolNameNoConfigKnowsIsCountedAsUnknown() {
    for (int i = 0; i < 50; i++) {
      metrics.finished(call(null, "made-up-" + i, CallOutcome.INVALID, null));
    }

    assertThat(
            registry
                .get("toolgate_gateway_calls")
                .tags("tool", "unknown", "outcome", "invalid")
                .counter()
                .count())
        .isEqualTo(50.0);
    assertThat(registry.getMeters().stream().map(m -> m.getId().getTag("tool")).distinct())
        .containsExactly("unknown");
  }

  @Test
  void noLabelNamesTheCallerOrTheArguments() {
    metrics.finished(call("tools/shop", "shop.lookup", CallOutcome.OK, 900L));

    // "le" is a histogram bucket's bound, one of the fixed buckets.
    for (Meter meter : registry.getMeters()) {
      assertThat(meter.getId().getTags())
          .allSatisfy(tag -> assertThat(tag.getKey()).isIn("tool", "outcome", "le"));
    }
  }
}
