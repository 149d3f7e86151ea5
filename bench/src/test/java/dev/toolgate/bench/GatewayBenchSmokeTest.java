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
 * through the gateway carry tokens of the real test authorization server, pass every policy stage
 * (in memory and in a real Redis, which .ci/run installs) and none fails.
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
            "| gateway /mcp, no policy | 2 |",
            "| gateway /mcp, rate limit + cache | 2 |",
            "| gateway /mcp, Redis state | 2 |",
            "| gateway | ",
            "**Token path on.**",
            // A real collector received the sampled traces.
            "tracing on: OTLP/HTTP to a local OpenTelemetry Collector");
    JsonNode json =
        new ObjectMapper().readTree(Path.of(report.toString().replace(".md", ".json")).toFile());
    assertThat(json.get("tokenPath").asBoolean()).isTrue();
    assertThat(json.get("gatewayHeapMiB").asDouble()).isPositive();
    // direct, /mcp and passthrough with the policy chain, /mcp without policy, /mcp with a rate
    // limit and the cache only, /mcp on Redis; at 1 and 2 sessions.
    assertThat(json.get("runs")).hasSize(12);
    assertThat(json.get("policyStages").get("sessions@2").get("bareMicros").asDouble())
        .isPositive();
    assertThat(json.get("policyStages").get("sessions@2").get("limitedMicros").asDouble())
        .isPositive();
    // Redis counted the gateway's decisions: its rate-limit and budget scripts, cache reads and
    // writes.
    assertThat(json.get("redisCommandsPerCall").size()).isPositive();
    for (JsonNode run : json.get("runs")) {
      assertThat(run.get("errors").asLong()).as(run.toString()).isZero();
      assertThat(run.get("callsPerSecond").asDouble()).as(run.toString()).isPositive();
    }
  }
}
