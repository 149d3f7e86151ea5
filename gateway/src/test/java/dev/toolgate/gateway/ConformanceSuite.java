package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
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

/**
 * Runs the official MCP conformance suite ({@code @modelcontextprotocol/conformance}, every server
 * scenario of spec 2025-11-25, pending ones included) against one URL and reads its results back:
 * for each scenario that ran, its failed checks.
 */
final class ConformanceSuite {

  static final String SPEC_VERSION = "2025-11-25";
  private static final Pattern RESULT_DIR =
      Pattern.compile("^server-(.+)-\\d{4}-\\d{2}-\\d{2}T[\\d-]+Z$");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One run: each scenario's failed checks (none when it passed), and how it ended. */
  record Run(
      Map<String, List<String>> failures, int passedChecks, int warnings, int exitCode, Path log) {

    /** The scenarios with a failed check. */
    List<String> failed() {
      return failures.entrySet().stream()
          .filter(e -> !e.getValue().isEmpty())
          .map(Map.Entry::getKey)
          .toList();
    }

    /** The scenarios that ran and passed every check. */
    List<String> passed() {
      return failures.entrySet().stream()
          .filter(e -> e.getValue().isEmpty())
          .map(Map.Entry::getKey)
          .toList();
    }
  }

  private final String node;
  private final String cli;
  private final String bearer;

  ConformanceSuite() throws Exception {
    Map<String, String> tools = NodeTools.install();
    node = tools.get("node");
    cli = tools.get("cli");
    bearer = tools.get("bearer");
  }

  /**
   * @param token sent with every request of the suite to the URL's origin; null for none
   * @param out where the suite writes its results and log (a fresh directory)
   */
  Run run(String url, String token, Path out) throws Exception {
    Files.createDirectories(out);
    Path results = out.resolve("results");
    Path log = out.resolve("suite.log");
    List<String> command = new ArrayList<>(List.of(node));
    if (token != null) {
      command.addAll(List.of("--import", Path.of(bearer).toUri().toString()));
    }
    command.addAll(
        List.of(
            cli,
            "server",
            "--url",
            url,
            "--suite",
            "all",
            "--spec-version",
            SPEC_VERSION,
            "-o",
            results.toString()));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    if (token != null) {
      URI target = URI.create(url);
      builder.environment().put("TOOLGATE_BEARER_TOKEN", token);
      builder
          .environment()
          .put("TOOLGATE_BEARER_ORIGIN", target.getScheme() + "://" + target.getRawAuthority());
    }
    Process suite = builder.start();
    boolean finished = suite.waitFor(4, TimeUnit.MINUTES);
    if (!finished) {
      suite.destroyForcibly();
    }
    assertThat(finished).as("conformance suite finished in time; log %s", log).isTrue();

    Map<String, List<String>> failures = new TreeMap<>();
    int passed = 0;
    int warnings = 0;
    for (Map.Entry<String, List<JsonNode>> scenario : readChecks(results).entrySet()) {
      List<String> failed = new ArrayList<>();
      for (JsonNode check : scenario.getValue()) {
        switch (check.path("status").asText()) {
          case "SUCCESS" -> passed++;
          case "WARNING" -> warnings++;
          case "FAILURE" ->
              failed.add(check.path("id").asText() + ": " + check.path("errorMessage").asText());
          default -> {}
        }
      }
      failures.put(scenario.getKey(), failed);
    }
    return new Run(failures, passed, warnings, suite.exitValue(), log);
  }

  /** The scenario names the suite lists for the spec version. */
  List<String> scenarios() throws Exception {
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
    if (!Files.isDirectory(out)) {
      return checks;
    }
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
