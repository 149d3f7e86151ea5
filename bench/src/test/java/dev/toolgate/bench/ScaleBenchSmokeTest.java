package dev.toolgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scale benchmark with 50 sessions for seconds, so it cannot rot between real runs. */
class ScaleBenchSmokeTest {

  @Test
  void holdsSessionsWithStreamsAndCallsWithoutErrors(@TempDir Path out) throws Exception {
    Path report = ScaleBench.run(ScaleBench.Plan.SMOKE, out, "smoke test");

    JsonNode scale =
        new ObjectMapper()
            .readTree(Path.of(report.toString().replace(".md", ".json")).toFile())
            .get("scale");
    assertThat(scale.get("streamFailures").asInt()).isZero();
    assertThat(scale.get("errors").asLong()).isZero();
    assertThat(scale.get("calls").asLong()).isPositive();
    assertThat(scale.get("heapHeldMiB").asDouble()).isPositive();
  }

  @Test
  void heapGrowthIsTheSlopeOfTheSamplesAfterTheFirst() {
    List<ScaleBench.Sample> samples =
        List.of(
            new ScaleBench.Sample(0.5, 0, 0, 90, 0),
            new ScaleBench.Sample(1, 0, 0, 40, 0),
            new ScaleBench.Sample(2, 0, 0, 42, 0),
            new ScaleBench.Sample(3, 0, 0, 44, 0));

    assertThat(ScaleBench.heapGrowthPerMinute(samples)).isEqualTo(2.0);
  }
}
