package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker that restarts closes the connections the gateway pooled to it. A call that meets one of
 * them before the client notices was never read by the worker and is sent again on a new worker
 * session; a call that fails on a fresh connection may have run, so it is reported, never resent.
 */
class StaleUpstreamConnectionTest {

  @TempDir Path dir;

  private static CallToolRequest echo() {
    return CallToolRequest.builder("scripted.echo").arguments(Map.of()).build();
  }

  private GatewayFixture gatewayFor(ScriptedWorker worker) throws Exception {
    GatewayFixture gateway =
        GatewayFixture.start(
            dir,
            List.of(new GatewayFixture.Upstream("tools", "scripted", worker.url(), "scripted")));
    gateway.awaitToolCount(1);
    return gateway;
  }

  @Test
  void aCallOnAStalePooledConnectionIsSentAgainWithoutTheCallerNoticing() throws Exception {
    try (ScriptedWorker worker = new ScriptedWorker(false);
        GatewayFixture gateway = gatewayFor(worker)) {
      McpSyncClient client = GatewayFixture.connect(gateway.aggregatedUrl());
      client.callTool(echo());
      worker.dropNextCallOnReusedConnection.set(true);

      var result = client.callTool(echo());

      assertThat(((TextContent) result.content().getFirst()).text()).isEqualTo("ok");
      assertThat(worker.toolCallsDropped.get()).isEqualTo(1);
      assertThat(worker.toolCallsAnswered.get()).isEqualTo(2);
      client.close();
    }
  }

  @Test
  void aCallThatFailsOnAFreshConnectionIsReportedAndNotSentAgain() throws Exception {
    try (ScriptedWorker worker = new ScriptedWorker(true);
        GatewayFixture gateway = gatewayFor(worker)) {
      McpSyncClient client = GatewayFixture.connect(gateway.aggregatedUrl());
      client.callTool(echo());
      worker.dropNextCallOnFreshConnection.set(true);

      assertThatThrownBy(() -> client.callTool(echo()))
          .isInstanceOf(McpError.class)
          .hasMessageContaining("unavailable");
      assertThat(worker.toolCallsDropped.get()).isEqualTo(1);
      assertThat(worker.toolCallsAnswered.get()).as("never sent again").isEqualTo(1);
      client.close();
    }
  }
}
