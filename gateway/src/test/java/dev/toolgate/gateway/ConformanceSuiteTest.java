package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toolgate.examples.conformance.ConformanceWorker;
import dev.toolgate.testing.auth.AccessToken;
import dev.toolgate.testing.auth.AuthorizationServerProcess;
import io.modelcontextprotocol.client.McpSyncClient;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * <p>The gateway requires tokens: its only issuer is the test authorization server (Spring
 * Authorization Server, its own process), and the suite's every request carries a
 * client-credentials token from it for the passthrough endpoint, with the passthrough scope and
 * every tool's scope. The suite's CLI cannot send a header and its server scenarios connect without
 * an auth provider, so {@code scripts/conformance/bearer-token.mjs}, loaded with {@code node
 * --import}, adds the header for the gateway's origin in undici's global dispatcher, beneath all of
 * the suite's HTTP.
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

  private static final String PASSTHROUGH_SCOPE = "toolgate:passthrough:examples/conformance";

  private static String node;
  private static String cli;
  private static String bearer;
  private static ConformanceWorker worker;
  private static AuthorizationServerProcess authorizationServer;
  private static GatewayFixture gateway;
  private static List<String> scopes;

  @BeforeAll
  static void setUp() throws Exception {
    Map<String, String> tools = NodeTools.install();
    node = tools.get("node");
    cli = tools.get("cli");
    bearer = tools.get("bearer");
    worker = ConformanceWorker.start(0, "conformance");
    // The scopes the suite needs: the passthrough scope, and each exposed tool's own scope.
    scopes = new ArrayList<>(List.of(PASSTHROUGH_SCOPE));
    McpSyncClient direct = GatewayFixture.connect(worker.url());
    direct.listTools().tools().forEach(tool -> scopes.add("conformance." + tool.name()));
    direct.closeGracefully();
    authorizationServer =
        AuthorizationServerProcess.builder()
            .confidentialClient("conformance-suite", "suite-secret", scopes.toArray(String[]::new))
            .tokenLifetime(Duration.ofMinutes(15))
            .logFile(Path.of("target", "authorization-server-conformance.log"))
            .start();
    gateway =
        GatewayFixture.startWithOwnUrl(
            temp, ConformanceSuiteTest::config, o -> o.withAllowAnonymous(false));
    // The endpoint advertises the tools' scopes once it has discovered them.
    gateway.awaitToolCount(scopes.size() - 1);
  }

  /** The worker behind its passthrough endpoint; tokens of the test authorization server only. */
  private static String config(int port) {
    return """
        version: toolgate.dev/gateway-config/v1
        auth:
          audience: http://localhost:%d/mcp
          issuers:
          - issuer: %s
        upstreams:
        - id: examples/conformance
          url: %s
          passthroughPath: /mcp/tools/examples/conformance
          toolPrefix: conformance
          exposeAll: true
          passthroughScopes: [%s]
        """
        .formatted(port, authorizationServer.issuer(), worker.url(), PASSTHROUGH_SCOPE);
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
    if (authorizationServer != null) {
      authorizationServer.close();
    }
    if (worker != null) {
      worker.close();
    }
  }

  @Test
  void everyScenarioPassesAgainstTheWorkerDirectly() throws Exception {
    // The suite's DNS rebinding scenario needs a localhost URL, as a local server would have.
    assertAllPass("direct", worker.url().replace("127.0.0.1", "localhost"), null);
  }

  @Test
  void everyScenarioPassesThroughTheGatewayPassthroughEndpointWithAToken() throws Exception {
    String url =
        gateway.passthroughUrl("examples", "conformance").replace("127.0.0.1", "localhost");
    try (RawMcp raw = new RawMcp()) {
      assertThat(raw.post(url, RawMcp.INITIALIZE, (String) null).getStatus())
          .as("the gateway refuses the suite's requests without a token")
          .isEqualTo(401);
      JsonNode metadata =
          JSON.readTree(
              raw.http()
                  .GET(
                      url.replace(
                          "/mcp/tools/", "/.well-known/oauth-protected-resource/mcp/tools/"))
                  .getContent());
      List<String> advertised = new ArrayList<>();
      metadata.path("scopes_supported").forEach(scope -> advertised.add(scope.asText()));
      assertThat(advertised)
          .as("the endpoint's scopes")
          .containsExactlyInAnyOrderElementsOf(scopes);
    }
    AccessToken token =
        authorizationServer.clientCredentialsToken(
            "conformance-suite", "suite-secret", scopes, url);
    assertThat(token.scope().split(" ")).containsExactlyInAnyOrderElementsOf(scopes);

    assertAllPass("gateway", url, token);
  }

  /**
   * @param token sent with every request of the suite to the URL's origin; null for none
   */
  private void assertAllPass(String label, String url, AccessToken token) throws Exception {
    List<String> expected = listScenarios();
    Path out = temp.resolve("results-" + label);
    Path log = temp.resolve("suite-" + label + ".log");
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
            out.toString()));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    if (token != null) {
      URI target = URI.create(url);
      builder.environment().put("TOOLGATE_BEARER_TOKEN", token.value());
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
