package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.toolgate.examples.conformance.ConformanceWorker;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ClientCapabilities;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The aggregated endpoint end to end: an MCP Java SDK client talks to a real gateway with two real
 * SDK workers behind it.
 */
class AggregatedEndpointTest {

  @TempDir Path temp;

  private ConformanceWorker alpha;
  private ConformanceWorker beta;
  private GatewayFixture gateway;
  private final List<McpSyncClient> clients = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    alpha = ConformanceWorker.start(0, "alpha");
    beta = ConformanceWorker.start(0, "beta");
    gateway = GatewayFixture.start(temp, upstreams("30s"));
    gateway.awaitToolCount(32);
  }

  private List<GatewayFixture.Upstream> upstreams(String betaTimeout) {
    return List.of(
        new GatewayFixture.Upstream("tools", "alpha", alpha.url(), "alpha"),
        new GatewayFixture.Upstream("tools", "beta", beta.url(), "beta", betaTimeout));
  }

  @AfterEach
  void stop() throws Exception {
    clients.forEach(McpSyncClient::close);
    gateway.close();
    alpha.close();
    beta.close();
  }

  private McpSyncClient connect() {
    McpSyncClient client = GatewayFixture.connect(gateway.aggregatedUrl());
    clients.add(client);
    return client;
  }

  @Test
  void listsTheToolsOfBothWorkersUnderTheirPrefixes() {
    List<String> names = connect().listTools().tools().stream().map(Tool::name).toList();
    assertThat(names).hasSize(32).contains("alpha.echo", "beta.echo", "alpha.test_sampling");
    assertThat(names).allMatch(n -> n.startsWith("alpha.") || n.startsWith("beta."));
  }

  @Test
  void routesEachCallToTheWorkerThatOwnsTheTool() {
    McpSyncClient client = connect();
    assertThat(text(client.callTool(echo("alpha.echo", "hi")))).isEqualTo("alpha: hi");
    assertThat(text(client.callTool(echo("beta.echo", "hi")))).isEqualTo("beta: hi");
  }

  @Test
  void anUnknownToolIsAnInvalidParamsError() {
    assertThatThrownBy(() -> connect().callTool(echo("gamma.echo", "hi")))
        .isInstanceOf(McpError.class)
        .satisfies(e -> assertThat(((McpError) e).getJsonRpcError().code()).isEqualTo(-32602))
        .hasMessageContaining("Unknown tool: gamma.echo");
  }

  @Test
  void relaysAWorkersSamplingRequestToTheClientAndTheAnswerBack() {
    McpSyncClient client =
        GatewayFixture.client(gateway.aggregatedUrl())
            .capabilities(ClientCapabilities.builder().sampling().build())
            .sampling(
                request ->
                    CreateMessageResult.builder(Role.ASSISTANT, "forty-two", "test-model").build())
            .build();
    clients.add(client);
    client.initialize();
    CallToolResult result =
        client.callTool(
            CallToolRequest.builder("beta.test_sampling").arguments(Map.of("prompt", "q")).build());
    assertThat(text(result)).isEqualTo("LLM response: forty-two");
  }

  @Test
  void relaysAWorkersElicitationToTheClientAndTheAnswerBack() {
    McpSyncClient client =
        GatewayFixture.client(gateway.aggregatedUrl())
            .capabilities(ClientCapabilities.builder().elicitation().build())
            .elicitation(
                request ->
                    new ElicitResult(
                        ElicitResult.Action.ACCEPT,
                        Map.of("username", "ada", "email", "ada@example.com")))
            .build();
    clients.add(client);
    client.initialize();
    CallToolResult result =
        client.callTool(
            CallToolRequest.builder("alpha.test_elicitation")
                .arguments(Map.of("message", "Who are you?"))
                .build());
    assertThat(text(result)).contains("action=ACCEPT").contains("username=ada");
  }

  @Test
  void toldWhenAConfigChangeRemovesTools() throws Exception {
    List<List<Tool>> changes = new CopyOnWriteArrayList<>();
    McpSyncClient client =
        GatewayFixture.client(gateway.aggregatedUrl()).toolsChangeConsumer(changes::add).build();
    clients.add(client);
    client.initialize();
    client.listTools();

    gateway.writeConfig(
        GatewayFixture.config(
            List.of(new GatewayFixture.Upstream("tools", "alpha", alpha.url(), "alpha"))));

    await().atMost(Duration.ofSeconds(10)).until(() -> !changes.isEmpty());
    assertThat(changes.getLast()).hasSize(16).allMatch(t -> t.name().startsWith("alpha."));
  }

  @Test
  void aSlowWorkerTimesOutThatCallOnly() throws Exception {
    gateway.writeConfig(GatewayFixture.config(upstreams("500ms")));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                gateway.gateway().router().table().tool("beta.sleep").orElseThrow().timeoutMillis()
                    == 500);
    McpSyncClient client = connect();
    assertThatThrownBy(
            () ->
                client.callTool(
                    CallToolRequest.builder("beta.sleep")
                        .arguments(Map.of("millis", 3000))
                        .build()))
        .isInstanceOf(McpError.class)
        .satisfies(e -> assertThat(((McpError) e).getJsonRpcError().code()).isEqualTo(-32003))
        .hasMessageContaining("did not answer within 500 ms");
    assertThat(text(client.callTool(echo("beta.echo", "still")))).isEqualTo("beta: still");
    assertThat(text(client.callTool(echo("alpha.echo", "fine")))).isEqualTo("alpha: fine");
  }

  @Test
  void aWorkerKilledMidCallFailsThatCallAndNothingElse() throws Exception {
    McpSyncClient caller = connect();
    McpSyncClient bystander = connect();
    assertThat(text(bystander.callTool(echo("beta.echo", "warm")))).isEqualTo("beta: warm");

    Thread killer =
        Thread.startVirtualThread(
            () -> {
              try {
                Thread.sleep(400);
                beta.close();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertThatThrownBy(
            () ->
                caller.callTool(
                    CallToolRequest.builder("beta.sleep")
                        .arguments(Map.of("millis", 5000))
                        .build()))
        .isInstanceOf(McpError.class)
        // Unavailable or a bad answer; or a timeout, when the once-retried call's new handshake
        // reaches a worker that is still shutting down and never answers it (seen under load).
        .satisfies(
            e -> assertThat(((McpError) e).getJsonRpcError().code()).isIn(-32002, -32003, -32004));
    killer.join();

    assertThat(text(caller.callTool(echo("alpha.echo", "after")))).isEqualTo("alpha: after");
    assertThat(text(bystander.callTool(echo("alpha.echo", "after")))).isEqualTo("alpha: after");
    assertThatThrownBy(() -> bystander.callTool(echo("beta.echo", "gone")))
        .isInstanceOf(McpError.class)
        .satisfies(e -> assertThat(((McpError) e).getJsonRpcError().code()).isEqualTo(-32002))
        .hasMessageContaining("unavailable");
  }

  @Test
  void aRestartedWorkerGetsANewSessionWithoutTheCallerNoticing() throws Exception {
    McpSyncClient client = connect();
    assertThat(text(client.callTool(echo("beta.echo", "before")))).isEqualTo("beta: before");
    int port = beta.port();
    beta.close();
    // Same address, fresh process state: the worker no longer knows the gateway's session (404).
    beta = ConformanceWorker.start(port, "beta");
    assertThat(text(client.callTool(echo("beta.echo", "after")))).isEqualTo("beta: after");
  }

  private static CallToolRequest echo(String tool, String text) {
    return CallToolRequest.builder(tool).arguments(Map.of("text", text)).build();
  }

  private static String text(CallToolResult result) {
    return ((TextContent) result.content().getFirst()).text();
  }
}
