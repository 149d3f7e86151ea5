package dev.toolgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway benchmark end to end for a second, so it cannot rot between real runs: the calls
 * through the gateway carry tokens of the real test authorization server and none fails.
 */
class GatewayBenchSmokeTest {

  @Test
  void measuresDirectAndGatewayCallsWithoutErrors(@TempDir Path out) throws Exception {
    Path report = GatewayBench.run(GatewayBench.Plan.SMOKE, out, "smoke test");

    assertThat(Files.readString(report))
        .contains(
            "# Gateway overhead",
            "| direct | 1 |",
            "| gateway /mcp | 2 |",
            "| gateway | ",
            "**Token path on.**");
    JsonNode json =
        new ObjectMapper().readTree(Path.of(report.toString().replace(".md", ".json")).toFile());
    assertThat(json.get("tokenPath").asBoolean()).isTrue();
    assertThat(json.get("gatewayHeapMiB").asDouble()).isPositive();
    assertThat(json.get("runs")).hasSize(6);
    for (JsonNode run : json.get("runs")) {
      assertThat(run.get("errors").asLong()).as(run.toString()).isZero();
      assertThat(run.get("callsPerSecond").asDouble()).as(run.toString()).isPositive();
    }
  }
}
