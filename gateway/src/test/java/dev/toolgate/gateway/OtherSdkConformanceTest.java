package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official conformance suite against a worker built on the TypeScript SDK (its reference
 * server, {@code @modelcontextprotocol/server-everything}, streamable HTTP): directly, through its
 * passthrough endpoint and through {@code /mcp}, several times in a row. Failures that come and go
 * are the point: one run each in the normal build, {@code -Dtoolgate.conformance.runs=20} for the
 * long check.
 *
 * <p>server-everything does not have every scenario's tools, so the scenarios that apply are those
 * that pass directly in the first run (but two that pass there only by accident, see {@link
 * #NO_SUCH_TOOL}); each run then requires them to pass directly (a failure is the worker's),
 * through the passthrough endpoint and, but for resource subscriptions, through {@code /mcp}.
 */
class OtherSdkConformanceTest {

  /**
   * Scenarios server-everything passes directly only because it answers a call of a tool it does
   * not have ({@code test_simple_text}, {@code test_error_handling}) with an {@code isError}
   * result, which these scenarios accept. The gateway answers a tool its McpTool does not expose
   * itself, with the JSON-RPC error {@code Unknown tool} (-32602), before any worker sees it.
   */
  private static final Set<String> NO_SUCH_TOOL =
      Set.of("tools-call-simple-text", "tools-call-error");

  /** Scenarios that cannot pass on {@code /mcp} by design: subscriptions are not offered there. */
  private static final Set<String> NOT_ON_AGGREGATED =
      Set.of("resources-subscribe", "resources-unsubscribe");

  @TempDir static Path temp;

  private static TypeScriptWorker worker;
  private static GatewayFixture gateway;
  private static ConformanceSuite suite;

  @BeforeAll
  static void start() throws Exception {
    suite = new ConformanceSuite();
    worker = new TypeScriptWorker(temp.resolve("server-everything.log"));
    gateway =
        GatewayFixture.start(
            temp,
            List.of(new GatewayFixture.Upstream("tools", "everything", worker.url(), "ts")),
            // The suite never ends a session (its client closes without DELETE): about 25
            // sessions per pass and endpoint, all from one address. Under the defaults (1000
            // sessions per client, 30 min idle) 20 passes in a row reach the cap, as they should;
            // here abandoned sessions end after a minute, as a gateway serving such clients
            // would be configured.
            o -> o.withSessionIdleTimeout(Duration.ofMinutes(1)));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> gateway.gateway().router().table().tool("ts.echo").isPresent());
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
    worker.close();
  }

  @Test
  void theScenariosThatPassDirectlyPassThroughBothEndpointsEveryTime() throws Exception {
    int runs = Integer.getInteger("toolgate.conformance.runs", 1);
    // The DNS rebinding scenario needs a localhost URL, as a local server would have.
    String direct = worker.url().replace("127.0.0.1", "localhost");
    String passthrough =
        gateway.passthroughUrl("tools", "everything").replace("127.0.0.1", "localhost");
    String aggregated = gateway.aggregatedUrl().replace("127.0.0.1", "localhost");
    Set<String> applicable = null;
    List<String> failures = new ArrayList<>();
    for (int i = 1; i <= runs; i++) {
      ConformanceSuite.Run alone = suite.run(direct, null, temp.resolve("direct-" + i));
      if (applicable == null) {
        applicable = new TreeSet<>(alone.passed());
        assertThat(applicable).as("scenarios server-everything passes directly").isNotEmpty();
      }
      ConformanceSuite.Run relayed = suite.run(passthrough, null, temp.resolve("passthrough-" + i));
      ConformanceSuite.Run merged = suite.run(aggregated, null, temp.resolve("aggregated-" + i));
      failures.addAll(failed("direct", i, alone, applicable, Set.of()));
      failures.addAll(failed("passthrough", i, relayed, applicable, NO_SUCH_TOOL));
      Set<String> notAggregated = new TreeSet<>(NO_SUCH_TOOL);
      notAggregated.addAll(NOT_ON_AGGREGATED);
      failures.addAll(failed("/mcp", i, merged, applicable, notAggregated));
    }
    System.out.printf(
        "conformance against server-everything: %d runs of %d scenarios on 3 URLs, %d failures%n",
        runs, applicable.size(), failures.size());
    assertThat(failures).as("failed scenarios in %d runs", runs).isEmpty();
  }

  private static List<String> failed(
      String where,
      int run,
      ConformanceSuite.Run result,
      Set<String> applicable,
      Set<String> skip) {
    List<String> failed = new ArrayList<>();
    for (String scenario : applicable) {
      if (skip.contains(scenario)) {
        continue;
      }
      List<String> checks = result.failures().get(scenario);
      if (checks == null) {
        failed.add(where + " run " + run + ": " + scenario + " did not run; log " + result.log());
      } else if (!checks.isEmpty()) {
        failed.add(
            where + " run " + run + ": " + scenario + " " + checks + "; log " + result.log());
      }
    }
    return failed;
  }
}
