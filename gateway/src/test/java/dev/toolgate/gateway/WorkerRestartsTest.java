package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.examples.conformance.ConformanceWorker;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workers killed and started again mid-session, whatever their SDK answers for a session it no
 * longer knows (the Python SDK and ours say 404; the TypeScript SDK's 400 is in {@link
 * OtherSdkWorkersTest}): the next call on {@code /mcp} succeeds on a new worker session, and a
 * passthrough client gets the spec's 404, initializes again and carries on.
 */
class WorkerRestartsTest {

  private static final String PROTOCOL = "2025-11-25";

  @TempDir Path dir;

  @Test
  void aRestartedPythonWorkerIsReinitializedOnTheAggregatedEndpoint() throws Exception {
    try (PythonWorker worker = PythonWorker.statefulEcho(dir.resolve("python.log"));
        GatewayFixture gateway = gatewayFor(worker.url(), "py")) {
      McpSyncClient client = GatewayFixture.connect(gateway.aggregatedUrl());
      try {
        assertThat(echo(client, "py.echo", "message", "before")).contains("Echo: before");
        worker.kill();
        worker.start();
        assertThat(echo(client, "py.echo", "message", "after")).contains("Echo: after");
      } finally {
        client.closeGracefully();
      }
    }
  }

  @Test
  void aPassthroughClientOfARestartedPythonWorkerIsToldToInitializeAgain() throws Exception {
    try (PythonWorker worker = PythonWorker.statefulEcho(dir.resolve("python.log"));
        GatewayFixture gateway = gatewayFor(worker.url(), "py")) {
      String call = call("echo", "message");
      assertPassthroughRecovers(
          gateway,
          call,
          "Echo: x",
          () -> {
            worker.kill();
            worker.start();
          });
    }
  }

  @Test
  void aPassthroughClientOfARestartedJavaWorkerIsToldToInitializeAgain() throws Exception {
    ConformanceWorker[] worker = {ConformanceWorker.start(0, "java")};
    try (GatewayFixture gateway = gatewayFor(worker[0].url(), "java")) {
      assertPassthroughRecovers(
          gateway,
          call("echo", "text"),
          "java: x",
          () -> {
            int port = worker[0].port();
            worker[0].close();
            worker[0] = ConformanceWorker.start(port, "java");
          });
    } finally {
      worker[0].close();
    }
  }

  @FunctionalInterface
  private interface Restart {
    void run() throws Exception;
  }

  private static void assertPassthroughRecovers(
      GatewayFixture gateway, String call, String answer, Restart restart) throws Exception {
    String url = gateway.passthroughUrl("tools", "worker");
    try (RawMcp raw = new RawMcp()) {
      String session = raw.initialize(url);
      assertThat(send(raw, url, call, session).getContentAsString()).contains(answer);
      restart.run();
      ContentResponse lost = send(raw, url, call, session);
      assertThat(lost.getStatus()).isEqualTo(404);
      assertThat(lost.getContentAsString()).contains("initialize again");
      String again = raw.initialize(url);
      assertThat(send(raw, url, call, again).getContentAsString()).contains(answer);
    }
  }

  private GatewayFixture gatewayFor(String url, String prefix) throws Exception {
    GatewayFixture gateway =
        GatewayFixture.start(
            dir, List.of(new GatewayFixture.Upstream("tools", "worker", url, prefix)));
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .until(() -> gateway.gateway().router().table().tool(prefix + ".echo").isPresent());
    return gateway;
  }

  private static ContentResponse send(RawMcp raw, String url, String call, String session)
      throws Exception {
    return raw.post(url, call, Map.of("Mcp-Session-Id", session, "MCP-Protocol-Version", PROTOCOL))
        .send();
  }

  private static String call(String tool, String argument) {
    return "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\""
        + tool
        + "\",\"arguments\":{\""
        + argument
        + "\":\"x\"}}}";
  }

  private static String echo(McpSyncClient client, String tool, String argument, String text) {
    McpSchema.CallToolResult result =
        client.callTool(new McpSchema.CallToolRequest(tool, Map.of(argument, text)));
    assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
    return result.content().toString();
  }
}
