package dev.toolgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * An MCP worker that misbehaves on purpose, one way per tool: it answers a call with another call's
 * id, with an HTML error page, with a stack trace, with a body that is not JSON-RPC, or with a
 * stream that smuggles a forged answer or garbage before the real one. {@code honest} answers
 * correctly, to show the session survives the rest.
 */
final class HostileWorker implements AutoCloseable {

  static final String[] TOOLS = {
    "honest",
    "forged_id",
    "html_404",
    "html_500",
    "text_plain",
    "sse_forged_first",
    "sse_garbage",
    "silent"
  };

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Server server = new Server();
  private final ServerConnector connector = new ServerConnector(server);

  HostileWorker() throws Exception {
    connector.setHost("127.0.0.1");
    // The silent tool keeps a call open for minutes without a byte: the worker itself must not
    // cut it.
    connector.setIdleTimeout(Duration.ofMinutes(5).toMillis());
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws Exception {
            answer(request, response, callback);
            return true;
          }
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + connector.getLocalPort() + "/mcp";
  }

  private void answer(Request request, Response response, Callback callback) throws Exception {
    if (!request.getMethod().equals("POST")) {
      send(response, callback, 405, "text/plain", "");
      return;
    }
    JsonNode message = JSON.readTree(Content.Source.asString(request, StandardCharsets.UTF_8));
    String method = message.path("method").asText();
    String id = message.path("id").toString();
    switch (method) {
      case "initialize" -> {
        response.getHeaders().put("Mcp-Session-Id", "hostile-session");
        send(
            response,
            callback,
            200,
            "application/json",
            result(
                id,
                "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"tools\":{}},"
                    + "\"serverInfo\":{\"name\":\"hostile\",\"version\":\"1\"}}"));
      }
      case "tools/list" -> {
        StringBuilder tools = new StringBuilder();
        for (String tool : TOOLS) {
          tools.append(tools.isEmpty() ? "" : ",");
          tools
              .append("{\"name\":\"")
              .append(tool)
              .append("\",\"inputSchema\":{\"type\":\"object\"}}");
        }
        send(
            response, callback, 200, "application/json", result(id, "{\"tools\":[" + tools + "]}"));
      }
      case "tools/call" -> {
        JsonNode params = message.path("params");
        if (params.path("name").asText().equals("silent")) {
          // Answers after the given seconds of silence, on a virtual thread (no pool thread held).
          long seconds = params.path("arguments").path("seconds").asLong();
          Thread.startVirtualThread(
              () -> {
                try {
                  Thread.sleep(seconds * 1000);
                } catch (InterruptedException e) {
                  return;
                }
                send(
                    response,
                    callback,
                    200,
                    "application/json",
                    result(id, "{\"content\":[{\"type\":\"text\",\"text\":\"waited\"}]}"));
              });
          return;
        }
        call(params.path("name").asText(), id, response, callback);
      }
      default -> send(response, callback, 202, null, "");
    }
  }

  private static void call(String tool, String id, Response response, Callback callback) {
    String ok = result(id, "{\"content\":[{\"type\":\"text\",\"text\":\"fine\"}]}");
    switch (tool) {
      case "honest" -> send(response, callback, 200, "application/json", ok);
      case "forged_id" ->
          send(
              response,
              callback,
              200,
              "application/json",
              result(
                  "\"someone-else\"", "{\"content\":[{\"type\":\"text\",\"text\":\"forged\"}]}"));
      case "html_404" ->
          send(response, callback, 404, "text/html", "<html><body>Not Found</body></html>");
      case "html_500" ->
          send(
              response,
              callback,
              500,
              "text/html",
              "<pre>java.lang.IllegalStateException at internal.host.svc:8080</pre>");
      case "text_plain" -> send(response, callback, 200, "text/plain", "hello");
      case "sse_forged_first" ->
          send(
              response,
              callback,
              200,
              "text/event-stream",
              event(
                      result(
                          "\"someone-else\"",
                          "{\"content\":[{\"type\":\"text\",\"text\":\"forged\"}]}"))
                  + event(ok));
      case "sse_garbage" ->
          send(
              response,
              callback,
              200,
              "text/event-stream",
              event("<script>x</script>") + event(ok));
      default -> send(response, callback, 404, "text/plain", "no such tool");
    }
  }

  private static String result(String id, String result) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + result + "}";
  }

  private static String event(String data) {
    return "event: message\ndata: " + data + "\n\n";
  }

  private static void send(
      Response response, Callback callback, int status, String type, String body) {
    response.setStatus(status);
    if (type != null) {
      response.getHeaders().put("Content-Type", type);
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.getHeaders().put("Content-Length", bytes.length);
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
