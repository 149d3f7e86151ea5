package dev.toolgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outside-driver benchmark end to end for seconds, so it cannot rot: wrk (Debian's, which
 * .ci/run installs) calls through both endpoints with a real token and every answer is a result.
 */
class WrkBenchSmokeTest {

  @Test
  void wrkCallsDirectlyAndThroughBothEndpointsWithoutErrors(@TempDir Path out) throws Exception {
    Path report = WrkBench.run(WrkBench.Plan.SMOKE, out, "smoke test");

    assertThat(Files.readString(report))
        .contains(
            "# Gateway overhead measured by an outside load generator (wrk)",
            "| gateway passthrough | 2 sessions, 1 connection each |");
    JsonNode json =
        new ObjectMapper().readTree(Path.of(report.toString().replace(".md", ".json")).toFile());
    // direct, /mcp, direct, passthrough, direct for each of two shapes
    assertThat(json.get("runs")).hasSize(10);
    for (JsonNode run : json.get("runs")) {
      assertThat(run.get("errors").asLong()).as(run.toString()).isZero();
      assertThat(run.get("callsPerSecond").asDouble()).as(run.toString()).isPositive();
    }
  }

  @Test
  void readsTheCpuTimeOfBashsChildren() {
    assertThat(WrkRun.childrenCpuNanos("TOOLGATE_WRK ...\n0m0.002s 0m0.001s\n1m2.500s 0m0.250s\n"))
        .isEqualTo(62_750_000_000L);
  }
}
