package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker that asks the client something the moment the client is initialized, before any client
 * stream could be open (a TypeScript SDK worker eliciting in {@code oninitialized}): through the
 * gateway the question is held and delivered when the client opens its stream, every time, on both
 * endpoints, and the client's answer reaches the worker session that asked.
 */
class HeldMessagesTest {

  private static final int SESSIONS = 100;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-11-25\",\"capabilities\":{\"elicitation\":{}},"
          + "\"clientInfo\":{\"name\":\"held\",\"version\":\"1\"}}}";
  private static final String INITIALIZED =
      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

  @TempDir static Path temp;

  private static TypeScriptWorker worker;
  private static GatewayFixture gateway;

  @BeforeAll
  static void start() throws Exception {
    worker =
        TypeScriptWorker.script(temp.resolve("elicit-on-connect.log"), "elicit-on-connect.mjs");
    gateway =
        GatewayFixture.start(
            temp, List.of(new GatewayFixture.Upstream("tools", "asker", worker.url(), "asker")));
    gateway.awaitToolCount(1);
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
    worker.close();
  }

  @Test
  void everyPassthroughSessionReceivesTheQuestionAskedOnConnect() throws Exception {
    // A call first: the worker has asked by the time it answers, and no stream is open yet.
    assertThat(questionsDelivered(gateway.passthroughUrl("tools", "asker"), "last_answer"))
        .isEqualTo(SESSIONS);
  }

  @Test
  void everyAggregatedSessionReceivesTheQuestionAWorkerAskedOnConnect() throws Exception {
    // The first call opens the worker session; the worker asks at once, before any stream.
    assertThat(questionsDelivered(gateway.aggregatedUrl(), "asker.last_answer"))
        .isEqualTo(SESSIONS);
  }

  /**
   * Opens {@link #SESSIONS} sessions one after the other; in each, calls {@code tool} (which
   * answers what the client said so far), then opens the GET stream, answers the question found
   * there and sees the answer reach the worker. Returns how many sessions got their question.
   */
  private static int questionsDelivered(String url, String tool) throws Exception {
    int delivered = 0;
    try (RawMcp raw = new RawMcp()) {
      for (int i = 0; i < SESSIONS; i++) {
        String session = open(raw, url);
        assertThat(lastAnswer(raw, url, session, tool)).isEqualTo("none");
        assertThat(answerTheQuestion(raw, url, session, "client-" + i))
            .as("the question reached session %d", i)
            .isTrue();
        delivered++;
        String expected = "accept:client-" + i;
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> lastAnswer(raw, url, session, tool).equals(expected));
        raw.delete(url, session);
      }
    }
    return delivered;
  }

  @Test
  void theJavaSdkClientAnswersAQuestionAWorkerAskedOnItsOwnStreamOnTheAggregatedEndpoint() {
    McpSyncClient client =
        GatewayFixture.client(gateway.aggregatedUrl())
            .capabilities(McpSchema.ClientCapabilities.builder().elicitation().build())
            .elicitation(
                request ->
                    new McpSchema.ElicitResult(
                        McpSchema.ElicitResult.Action.ACCEPT, Map.of("name", "ada")))
            .build();
    try {
      client.initialize();
      // The first call opens the worker session; the worker asks on its own stream, not the call's.
      client.callTool(new McpSchema.CallToolRequest("asker.last_answer", Map.of()));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  client
                      .callTool(new McpSchema.CallToolRequest("asker.last_answer", Map.of()))
                      .content()
                      .toString()
                      .contains("accept:ada"));
    } finally {
      client.closeGracefully();
    }
  }

  private static String open(RawMcp raw, String url) throws Exception {
    String session = raw.post(url, INITIALIZE, (String) null).getHeaders().get("Mcp-Session-Id");
    assertThat(raw.post(url, INITIALIZED, headers(session)).send().getStatus()).isEqualTo(202);
    return session;
  }

  /**
   * Opens the session's GET stream, reads the worker's question from it and answers it; false when
   * no question came within five seconds.
   */
  private static boolean answerTheQuestion(RawMcp raw, String url, String session, String name)
      throws Exception {
    InputStreamResponseListener stream = new InputStreamResponseListener();
    Request get =
        raw.http()
            .newRequest(url)
            .method(HttpMethod.GET)
            .headers(
                h -> {
                  h.put("Accept", "text/event-stream");
                  h.put("Mcp-Session-Id", session);
                  h.put("MCP-Protocol-Version", "2025-11-25");
                });
    get.send(stream);
    try {
      Response response = stream.get(10, TimeUnit.SECONDS);
      assertThat(response.getStatus()).isEqualTo(200);
      CompletableFuture<JsonNode> question =
          CompletableFuture.supplyAsync(() -> firstRequest(stream));
      JsonNode asked;
      try {
        asked = question.get(5, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        return false;
      }
      assertThat(asked.path("method").asText()).isEqualTo("elicitation/create");
      String answer =
          "{\"jsonrpc\":\"2.0\",\"id\":"
              + asked.get("id")
              + ",\"result\":{\"action\":\"accept\",\"content\":{\"name\":\""
              + name
              + "\"}}}";
      assertThat(raw.post(url, answer, headers(session)).send().getStatus()).isEqualTo(202);
      return true;
    } finally {
      get.abort(new IllegalStateException("test done"));
    }
  }

  /** The first request among the stream's events. */
  private static JsonNode firstRequest(InputStreamResponseListener stream) {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(stream.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.startsWith("data:")) {
          JsonNode message = JSON.readTree(line.substring(5).trim());
          if (message.has("method") && message.has("id")) {
            return message;
          }
        }
      }
      throw new IllegalStateException("the stream ended without a request");
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String lastAnswer(RawMcp raw, String url, String session, String tool)
      throws Exception {
    String call =
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\""
            + tool
            + "\",\"arguments\":{}}}";
    String body = raw.post(url, call, headers(session)).send().getContentAsString();
    if (body.startsWith("event:") || body.startsWith("data:") || body.startsWith("id:")) {
      body = body.lines().filter(l -> l.startsWith("data:")).reduce((a, b) -> b).orElseThrow();
      body = body.substring(5).trim();
    }
    return JSON.readTree(body).path("result").path("content").path(0).path("text").asText();
  }

  private static Map<String, String> headers(String session) {
    return Map.of("Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-11-25");
  }
}
