package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tool definitions reach clients whole, every field the worker wrote (including ones newer than the
 * gateway), across pages; tools a worker lists only to clients that can answer elicitation are
 * discovered; and discovery ends the worker session it opened.
 */
class ToolDiscoveryTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static final String RICH =
      """
      {"name":"rich","title":"A rich tool","description":"has everything",\
      "inputSchema":{"type":"object","properties":{"q":{"type":"string"}}},\
      "outputSchema":{"type":"object","properties":{"n":{"type":"integer"}}},\
      "annotations":{"readOnlyHint":true,"idempotentHint":true,"title":"Rich"},\
      "execution":{"taskSupport":"optional"},\
      "icons":[{"src":"https://example.com/i.png","mimeType":"image/png"}],\
      "_meta":{"example.com/owner":"team-a"},"x-future":{"n":1}}""";

  @TempDir static Path temp;

  private static final AtomicInteger deletes = new AtomicInteger();
  private static Server worker;
  private static GatewayFixture gateway;

  @BeforeAll
  static void start() throws Exception {
    worker = new Server();
    ServerConnector connector = new ServerConnector(worker);
    connector.setHost("127.0.0.1");
    worker.addConnector(connector);
    worker.setHandler(new PagingWorker());
    worker.start();
    String url = "http://127.0.0.1:" + connector.getLocalPort() + "/mcp";
    gateway =
        GatewayFixture.start(temp, List.of(new GatewayFixture.Upstream("tools", "d", url, "d")));
    gateway.awaitToolCount(2);
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
    worker.stop();
  }

  @Test
  void toolDefinitionsArriveWholeAcrossPagesWithTheExposedName() throws Exception {
    try (RawMcp raw = new RawMcp()) {
      String session = raw.initialize(gateway.aggregatedUrl());
      JsonNode tools =
          JSON.readTree(
                  raw.post(
                          gateway.aggregatedUrl(),
                          "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
                          session)
                      .getContentAsString())
              .path("result")
              .path("tools");
      JsonNode rich = null;
      for (JsonNode tool : tools) {
        if (tool.path("name").asText().equals("d.rich")) {
          rich = tool;
        }
      }
      assertThat(rich).isNotNull();
      JsonNode expected = JSON.readTree(RICH);
      ((com.fasterxml.jackson.databind.node.ObjectNode) expected).put("name", "d.rich");
      // The gateway adds the tool's cost beside the worker's own _meta entries.
      ((com.fasterxml.jackson.databind.node.ObjectNode) expected.get("_meta"))
          .put("dev.toolgate/cost", 1);
      assertThat(rich).isEqualTo(expected);
      assertThat(tools.findValuesAsText("name")).contains("d.gated");
    }
  }

  @Test
  void discoveryEndsTheWorkerSessionsItOpens() {
    await().atMost(Duration.ofSeconds(10)).until(() -> deletes.get() > 0);
  }

  /** Two pages of tools; the second lists "gated" only to a client that declared elicitation. */
  private static final class PagingWorker extends Handler.Abstract {
    private volatile boolean elicitation;

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      if (request.getMethod().equals("DELETE")) {
        deletes.incrementAndGet();
        send(response, callback, 200, "");
        return true;
      }
      JsonNode message = JSON.readTree(Content.Source.asString(request, StandardCharsets.UTF_8));
      String id = message.path("id").toString();
      switch (message.path("method").asText()) {
        case "initialize" -> {
          elicitation = message.path("params").path("capabilities").has("elicitation");
          response.getHeaders().put("Mcp-Session-Id", "s-" + System.nanoTime());
          send(
              response,
              callback,
              200,
              result(
                  id,
                  "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"tools\":{}},"
                      + "\"serverInfo\":{\"name\":\"paging\",\"version\":\"1\"}}"));
        }
        case "tools/list" -> {
          boolean second = message.path("params").path("cursor").asText().equals("page-2");
          String page =
              second
                  ? "{\"tools\":["
                      + (elicitation
                          ? "{\"name\":\"gated\",\"inputSchema\":{\"type\":\"object\"}}"
                          : "")
                      + "]}"
                  : "{\"tools\":[" + RICH + "],\"nextCursor\":\"page-2\"}";
          send(response, callback, 200, result(id, page));
        }
        default -> {
          response.setStatus(202);
          response.write(true, null, callback);
        }
      }
      return true;
    }

    private static String result(String id, String result) {
      return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + result + "}";
    }

    private static void send(Response response, Callback callback, int status, String body) {
      response.setStatus(status);
      response.getHeaders().put("Content-Type", "application/json");
      response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }
  }
}
