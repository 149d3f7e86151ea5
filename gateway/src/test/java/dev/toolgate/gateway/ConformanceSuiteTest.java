package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toolgate.examples.conformance.ConformanceWorker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the official MCP conformance suite ({@code @modelcontextprotocol/conformance}, every server
 * scenario of spec 2025-11-25, pending ones included) against the conformance worker directly and
 * through the gateway's passthrough endpoint, and requires every check of every scenario to pass
 * both ways. Running it directly too makes a failure attributable: worker or gateway.
 *
 * <p>The suite and Node 22 are installed by {@code scripts/conformance-tools.sh} (pinned, cached);
 * without npm this test fails, it does not skip.
 */
class ConformanceSuiteTest {

  private static final String SPEC_VERSION = "2025-11-25";
  private static final Pattern RESULT_DIR =
      Pattern.compile("^server-(.+)-\\d{4}-\\d{2}-\\d{2}T[\\d-]+Z$");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path temp;

  private static String node;
  private static String cli;
  private static ConformanceWorker worker;
  private static GatewayFixture gateway;

  @BeforeAll
  static void setUp() throws Exception {
    Map<String, String> tools = NodeTools.install();
    node = tools.get("node");
    cli = tools.get("cli");
    worker = ConformanceWorker.start(0, "conformance");
    gateway =
        GatewayFixture.start(
            temp,
            List.of(
                new GatewayFixture.Upstream(
                    "examples", "conformance", worker.url(), "conformance")));
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
    if (worker != null) {
      worker.close();
    }
  }

  @Test
  void everyScenarioPassesAgainstTheWorkerDirectly() throws Exception {
    // The suite's DNS rebinding scenario needs a localhost URL, as a local server would have.
    assertAllPass("direct", worker.url().replace("127.0.0.1", "localhost"));
  }

  @Test
  void everyScenarioPassesThroughTheGatewayPassthroughEndpoint() throws Exception {
    assertAllPass(
        "gateway",
        gateway.passthroughUrl("examples", "conformance").replace("127.0.0.1", "localhost"));
  }

  private void assertAllPass(String label, String url) throws Exception {
    List<String> expected = listScenarios();
    Path out = temp.resolve("results-" + label);
    Path log = temp.resolve("suite-" + label + ".log");
    Process suite =
        new ProcessBuilder(
                node,
                cli,
                "server",
                "--url",
                url,
                "--suite",
                "all",
                "--spec-version",
                SPEC_VERSION,
                "-o",
                out.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean finished = suite.waitFor(4, TimeUnit.MINUTES);
    if (!finished) {
      suite.destroyForcibly();
    }
    assertThat(finished).as("conformance suite finished in time; log %s", log).isTrue();

    Map<String, List<JsonNode>> checks = readChecks(out);
    List<String> failures = new ArrayList<>();
    int passed = 0;
    int warnings = 0;
    for (Map.Entry<String, List<JsonNode>> scenario : checks.entrySet()) {
      for (JsonNode check : scenario.getValue()) {
        switch (check.path("status").asText()) {
          case "SUCCESS" -> passed++;
          case "WARNING" -> warnings++;
          case "FAILURE" ->
              failures.add(
                  scenario.getKey()
                      + "/"
                      + check.path("id").asText()
                      + ": "
                      + check.path("errorMessage").asText());
          default -> {}
        }
      }
    }
    System.out.printf(
        "conformance %s (%s): %d scenarios, %d checks passed, %d failed, %d warnings%n",
        label, url, checks.size(), passed, failures.size(), warnings);
    assertThat(failures).as("failed checks (%s), suite log %s", label, log).isEmpty();
    assertThat(checks.keySet())
        .as("scenarios that ran")
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(passed).isPositive();
    assertThat(suite.exitValue()).as("suite exit code; log %s", log).isZero();
  }

  /** The scenario names the suite lists for the spec version. */
  private static List<String> listScenarios() throws Exception {
    Process list =
        new ProcessBuilder(node, cli, "list", "--server", "--spec-version", SPEC_VERSION)
            .redirectErrorStream(true)
            .start();
    String text = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(list.waitFor(60, TimeUnit.SECONDS)).isTrue();
    List<String> names = new ArrayList<>();
    Matcher line = Pattern.compile("(?m)^\\s+- (\\S+)").matcher(text);
    while (line.find()) {
      names.add(line.group(1));
    }
    assertThat(names).as("scenarios listed by the suite:%n%s", text).isNotEmpty();
    return names;
  }

  private static Map<String, List<JsonNode>> readChecks(Path out) throws IOException {
    Map<String, List<JsonNode>> checks = new TreeMap<>();
    try (Stream<Path> dirs = Files.list(out)) {
      for (Path dir : dirs.toList()) {
        Matcher name = RESULT_DIR.matcher(dir.getFileName().toString());
        assertThat(name.matches()).as("result directory %s", dir).isTrue();
        List<JsonNode> list = new ArrayList<>();
        JSON.readTree(dir.resolve("checks.json").toFile()).forEach(list::add);
        checks.put(name.group(1), list);
      }
    }
    return checks;
  }
}
