package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jetty.client.ContentResponse;
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
 * Workers that are not there or answer with something that is not MCP: each caller gets a JSON-RPC
 * error naming the worker and what went wrong, answering its own request id. The broken upstream
 * here is a plain HTTP server that misbehaves on purpose, not a stand-in for an MCP server.
 */
class BrokenUpstreamTest {

  @TempDir static Path temp;

  private static Server broken;
  private static GatewayFixture gateway;
  private static RawMcp raw;

  @BeforeAll
  static void start() throws Exception {
    broken = new Server();
    ServerConnector connector = new ServerConnector(broken);
    connector.setHost("127.0.0.1");
    broken.addConnector(connector);
    broken.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            switch (path) {
              case "/garbage-json" -> answer(response, callback, 200, "application/json", "{oops");
              case "/html" -> answer(response, callback, 200, "text/html", "<h1>hello</h1>");
              default -> answer(response, callback, 503, "text/plain", "overloaded");
            }
            return true;
          }
        });
    broken.start();
    String base = "http://127.0.0.1:" + connector.getLocalPort();
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    gateway =
        GatewayFixture.start(
            temp,
            List.of(
                new GatewayFixture.Upstream("bad", "json", base + "/garbage-json", "json"),
                new GatewayFixture.Upstream("bad", "html", base + "/html", "html"),
                new GatewayFixture.Upstream("bad", "status", base + "/status", "status"),
                new GatewayFixture.Upstream(
                    "bad", "down", "http://127.0.0.1:" + closedPort + "/mcp", "down")));
    raw = new RawMcp();
  }

  @AfterAll
  static void stop() throws Exception {
    raw.close();
    gateway.close();
    broken.stop();
  }

  private static void answer(
      Response response, Callback callback, int status, String type, String body) {
    response.setStatus(status);
    response.getHeaders().put("Content-Type", type);
    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
  }

  private static ContentResponse initialize(String name) throws Exception {
    return raw.post(gateway.passthroughUrl("bad", name), RawMcp.INITIALIZE, (String) null);
  }

  @Test
  void invalidJsonFromAWorkerIsABadResponseError() throws Exception {
    assertUpstreamError(
        initialize("json"), -32004, "bad/json answered badly: not a JSON-RPC message");
  }

  @Test
  void anHtmlPageFromAWorkerIsABadResponseError() throws Exception {
    assertUpstreamError(initialize("html"), -32004, "content type text/html");
  }

  @Test
  void aWorkerServerErrorIsABadResponseError() throws Exception {
    assertUpstreamError(initialize("status"), -32004, "HTTP 503");
  }

  @Test
  void aWorkerThatIsDownIsAnUnavailableError() throws Exception {
    assertUpstreamError(initialize("down"), -32002, "bad/down unavailable: connection refused");
  }

  @Test
  void aDownWorkerDoesNotStopTheAggregatedEndpoint() throws Exception {
    String session = raw.initialize(gateway.aggregatedUrl());
    ContentResponse list =
        raw.post(
            gateway.aggregatedUrl(),
            "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/list\"}",
            session);
    assertThat(list.getStatus()).isEqualTo(200);
    assertThat(list.getContentAsString())
        .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":4,\"result\":{\"tools\":[]}}");
  }

  private static void assertUpstreamError(ContentResponse response, int code, String text) {
    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(response.getContentAsString())
        .startsWith("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":" + code)
        .contains(text);
    assertThat(response.getHeaders().get("Mcp-Session-Id"))
        .as("no session for a failed initialize")
        .isNull();
  }
}
