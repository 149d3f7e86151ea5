package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker built on the TypeScript SDK behind the gateway: its tools are discovered and called, and
 * when it is killed and started again mid-session (it then answers the old session with 400, not
 * the 404 of the spec and the Java SDK) the next call on {@code /mcp} succeeds on a new worker
 * session, while a passthrough client gets the spec's 404 and initializes again.
 */
class OtherSdkWorkersTest {

  @TempDir static Path temp;

  private static TypeScriptWorker worker;
  private static GatewayFixture gateway;

  @BeforeAll
  static void start() throws Exception {
    worker = new TypeScriptWorker(temp.resolve("server-everything.log"));
    gateway =
        GatewayFixture.start(
            temp, List.of(new GatewayFixture.Upstream("tools", "everything", worker.url(), "ts")));
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
  void aRestartedWorkersResourcesAreListedAgainOnANewWorkerSession() throws Exception {
    McpSyncClient client = GatewayFixture.connect(gateway.aggregatedUrl());
    try {
      List<String> before = client.listResources().resources().stream().map(r -> r.uri()).toList();
      assertThat(before).isNotEmpty().allMatch(uri -> uri.startsWith("toolgate://ts/"));
      worker.kill();
      worker.start();
      assertThat(client.listResources().resources().stream().map(r -> r.uri()).toList())
          .isEqualTo(before);
    } finally {
      client.closeGracefully();
    }
  }

  @Test
  void aRestartedTypeScriptWorkerIsReinitializedWithoutTheCallerNoticing() throws Exception {
    McpSyncClient client = GatewayFixture.connect(gateway.aggregatedUrl());
    try {
      assertThat(echo(client, "before")).contains("before");
      worker.kill();
      worker.start();
      assertThat(echo(client, "after")).contains("after");
    } finally {
      client.closeGracefully();
    }
  }

  @Test
  void aPassthroughClientOfARestartedWorkerIsToldToInitializeAgain() throws Exception {
    String url = gateway.passthroughUrl("tools", "everything");
    try (RawMcp raw = new RawMcp()) {
      String session = raw.initialize(url);
      String call =
          "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
              + "\"arguments\":{\"message\":\"x\"}}}";
      assertThat(
              raw.post(
                      url,
                      call,
                      Map.of("Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-11-25"))
                  .send()
                  .getContentAsString())
          .contains("Echo: x");
      worker.kill();
      worker.start();
      ContentResponse lost =
          raw.post(
                  url,
                  call,
                  Map.of("Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-11-25"))
              .send();
      assertThat(lost.getStatus()).isEqualTo(404);
      String again = raw.initialize(url);
      assertThat(
              raw.post(
                      url,
                      call,
                      Map.of("Mcp-Session-Id", again, "MCP-Protocol-Version", "2025-11-25"))
                  .send()
                  .getContentAsString())
          .contains("Echo: x");
    }
  }

  private static String echo(McpSyncClient client, String message) {
    McpSchema.CallToolResult result =
        client.callTool(new McpSchema.CallToolRequest("ts.echo", Map.of("message", message)));
    assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
    return result.content().toString();
  }
}
