package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toolgate.examples.conformance.ConformanceWorker;
import dev.toolgate.testing.auth.AccessToken;
import dev.toolgate.testing.auth.AuthorizationServerProcess;
import io.modelcontextprotocol.client.McpSyncClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path temp;

  private static final String PASSTHROUGH_SCOPE = "toolgate:passthrough:examples/conformance";

  private static ConformanceSuite suite;
  private static ConformanceWorker worker;
  private static AuthorizationServerProcess authorizationServer;
  private static GatewayFixture gateway;
  private static List<String> scopes;

  @BeforeAll
  static void setUp() throws Exception {
    suite = new ConformanceSuite();
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
    List<String> expected = suite.scenarios();
    ConformanceSuite.Run run =
        suite.run(url, token == null ? null : token.value(), temp.resolve("suite-" + label));
    System.out.printf(
        "conformance %s (%s): %d scenarios, %d checks passed, %d failed, %d warnings%n",
        label, url, run.failures().size(), run.passedChecks(), run.failed().size(), run.warnings());
    assertThat(run.failures())
        .as("failed checks (%s), suite log %s", label, run.log())
        .allSatisfy((scenario, failed) -> assertThat(failed).as(scenario).isEmpty());
    assertThat(run.failures().keySet())
        .as("scenarios that ran")
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(run.passedChecks()).isPositive();
    assertThat(run.exitCode()).as("suite exit code; log %s", run.log()).isZero();
  }
}
