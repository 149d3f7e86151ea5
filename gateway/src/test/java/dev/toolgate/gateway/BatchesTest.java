package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toolgate.examples.conformance.ConformanceWorker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JSON-RPC batches over raw HTTP: accepted on both endpoints in sessions of protocol 2025-03-26,
 * which requires them, each message answered as if sent alone; refused with a clear error in later
 * revisions and outside a session.
 */
class BatchesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INITIALIZE_2025_03_26 =
      RawMcp.INITIALIZE.replace("2025-11-25", "2025-03-26");

  @TempDir static Path temp;
  private static ConformanceWorker worker;
  private static GatewayFixture gateway;
  private static RawMcp raw;

  @BeforeAll
  static void start() throws Exception {
    worker = ConformanceWorker.start(0, "alpha");
    gateway =
        GatewayFixture.start(
            temp, List.of(new GatewayFixture.Upstream("tools", "alpha", worker.url(), "alpha")));
    gateway.awaitToolCount(16);
    raw = new RawMcp();
  }

  @AfterAll
  static void stop() throws Exception {
    raw.close();
    gateway.close();
    worker.close();
  }

  @Test
  void aBatchInAnAggregated2025_03_26SessionGetsEveryAnswerOnOneStream() throws Exception {
    String url = gateway.aggregatedUrl();
    String session = initialize(url, INITIALIZE_2025_03_26);
    ContentResponse response =
        post(
            url,
            session,
            null,
            "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":99}},"
                + "{\"jsonrpc\":\"2.0\",\"id\":\"two\",\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"alpha.echo\",\"arguments\":{\"text\":\"hi\"}}},"
                + "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"no/such\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"initialize\",\"params\":{}}]");
    assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
    assertThat(response.getMediaType()).isEqualTo("text/event-stream");
    Map<String, JsonNode> answers = byId(events(response));
    assertThat(answers).containsOnlyKeys("1", "\"two\"", "3", "4");
    assertThat(answers.get("1").path("result").isObject()).isTrue();
    assertThat(answers.get("\"two\"").path("result").path("content").get(0).path("text").asText())
        .isEqualTo("alpha: hi");
    assertThat(answers.get("3").path("error").path("code").asInt()).isEqualTo(-32601);
    assertThat(answers.get("4").path("error").path("message").asText())
        .contains("already initialized");
  }

  @Test
  void aBatchOfNotificationsOnlyIsAccepted() throws Exception {
    String url = gateway.aggregatedUrl();
    String session = initialize(url, INITIALIZE_2025_03_26);
    ContentResponse response =
        post(
            url,
            session,
            null,
            "[{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/roots/list_changed\"}]");
    assertThat(response.getStatus()).isEqualTo(202);
    assertThat(response.getContent()).isEmpty();
  }

  @Test
  void aBatchOnAPassthroughEndpointIsRelayedMessageByMessage() throws Exception {
    String url = gateway.passthroughUrl("tools", "alpha");
    String session = initialize(url, INITIALIZE_2025_03_26);
    ContentResponse response =
        post(
            url,
            session,
            null,
            "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"resources/read\",\"params\":"
                + "{\"uri\":\"test://static-text\"}}]");
    assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
    Map<String, JsonNode> answers = byId(events(response));
    assertThat(answers.get("1").path("result").path("tools")).hasSize(16);
    assertThat(answers.get("2").path("result").path("contents").get(0).path("text").asText())
        .isEqualTo("This is the content of the static text resource.");
  }

  @Test
  void aBatchInALaterRevisionIsRefusedWithTheReason() throws Exception {
    String url = gateway.aggregatedUrl();
    String session = initialize(url, RawMcp.INITIALIZE);
    assertRefused(
        post(url, session, "2025-11-25", "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]"),
        "not part of protocol 2025-11-25");

    String passthrough = gateway.passthroughUrl("tools", "alpha");
    String other = initialize(passthrough, RawMcp.INITIALIZE);
    assertRefused(
        post(
            passthrough,
            other,
            "2025-06-18",
            "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]"),
        "not part of protocol 2025-06-18");
  }

  @Test
  void aBatchOutsideASessionOrMalformedIsRefused() throws Exception {
    String url = gateway.aggregatedUrl();
    assertRefused(
        post(url, null, null, "[" + INITIALIZE_2025_03_26 + "]"), "initialize is sent alone");
    String session = initialize(url, INITIALIZE_2025_03_26);
    assertRefused(post(url, session, null, "[]"), "empty batch");
    assertRefused(post(url, session, null, "[1,2]"), "JSON-RPC message object");
    StringBuilder big = new StringBuilder("[");
    for (int i = 0; i < 65; i++) {
      big.append(i == 0 ? "" : ",").append("{\"jsonrpc\":\"2.0\",\"id\":").append(i);
      big.append(",\"method\":\"ping\"}");
    }
    assertRefused(post(url, session, null, big.append(']').toString()), "at most 64");
    ContentResponse duplicate =
        post(url, session, null, "[{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":2,\"method\":\"ping\"}]");
    assertThat(duplicate.getStatus()).isEqualTo(400);
    assertThat(
            post(
                    url,
                    "unknown-session",
                    null,
                    "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]")
                .getStatus())
        .isEqualTo(404);
    ContentResponse utf16 =
        raw.http()
            .newRequest(url)
            .method(HttpMethod.POST)
            .headers(
                h -> {
                  h.put("Accept", "application/json, text/event-stream");
                  h.put("Mcp-Session-Id", session);
                })
            .body(
                new BytesRequestContent(
                    "application/json",
                    "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]"
                        .getBytes(StandardCharsets.UTF_16LE)))
            .send();
    assertThat(utf16.getStatus()).isEqualTo(400);
    assertThat(JSON.readTree(utf16.getContent()).path("error").path("code").asInt())
        .isEqualTo(-32700);
  }

  private static void assertRefused(ContentResponse response, String reason) throws Exception {
    assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(400);
    JsonNode error = JSON.readTree(response.getContent()).path("error");
    assertThat(error.path("code").asInt()).isEqualTo(-32600);
    assertThat(error.path("message").asText()).contains(reason);
  }

  private static String initialize(String url, String body) throws Exception {
    ContentResponse response = post(url, null, null, body);
    assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
    String session = response.getHeaders().get("Mcp-Session-Id");
    post(url, session, null, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    return session;
  }

  private static ContentResponse post(String url, String session, String version, String body)
      throws Exception {
    Map<String, String> headers = new HashMap<>();
    if (session != null) {
      headers.put("Mcp-Session-Id", session);
    }
    if (version != null) {
      headers.put("MCP-Protocol-Version", version);
    }
    return raw.send(raw.post(url, body, headers));
  }

  private static List<JsonNode> events(ContentResponse response) throws Exception {
    List<JsonNode> messages = new ArrayList<>();
    for (String line : response.getContentAsString().split("\n")) {
      if (line.startsWith("data:")) {
        messages.add(JSON.readTree(line.substring(5).trim()));
      }
    }
    return messages;
  }

  private static Map<String, JsonNode> byId(List<JsonNode> messages) {
    Map<String, JsonNode> answers = new HashMap<>();
    for (JsonNode message : messages) {
      if (message.has("id") && !message.has("method")) {
        answers.put(message.get("id").toString(), message);
      }
    }
    return answers;
  }
}
