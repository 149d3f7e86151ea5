package dev.toolgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * An MCP worker that records every request it gets (method and all headers), for tests that must
 * see what reaches a worker: which calls, and which credentials. Offers {@code get_invoice} and
 * {@code send_refund}, answers resources/list with none.
 */
final class SpyWorker implements AutoCloseable {

  /** One request as the worker saw it. */
  record Seen(
      String httpMethod, String jsonRpcMethod, String toolName, Map<String, String> headers) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final Server server;

  SpyWorker() throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract.NonBlocking() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            Content.Source.asString(
                request,
                StandardCharsets.UTF_8,
                new org.eclipse.jetty.util.Promise<>() {
                  @Override
                  public void succeeded(String body) {
                    answer(request, response, callback, body);
                  }

                  @Override
                  public void failed(Throwable x) {
                    callback.failed(x);
                  }
                });
            return true;
          }
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:"
        + ((ServerConnector) server.getConnectors()[0]).getLocalPort()
        + "/mcp";
  }

  /** The tools/call requests that reached this worker. */
  List<Seen> toolCalls() {
    return seen.stream().filter(s -> "tools/call".equals(s.jsonRpcMethod())).toList();
  }

  private void answer(Request request, Response response, Callback callback, String body) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (HttpField field : request.getHeaders()) {
      headers.merge(
          field.getName().toLowerCase(java.util.Locale.ROOT),
          field.getValue(),
          (a, b) -> a + ", " + b);
    }
    JsonNode message;
    try {
      message = body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
    } catch (Exception e) {
      message = JSON.nullNode();
    }
    String method = message.path("method").asText(null);
    seen.add(
        new Seen(
            request.getMethod(),
            method,
            message.path("params").path("name").asText(null),
            headers));
    if (!request.getMethod().equals("POST")) {
      response.setStatus(request.getMethod().equals("DELETE") ? 200 : 405);
      callback.succeeded();
      return;
    }
    if (method == null || !message.has("id")) {
      response.setStatus(202);
      callback.succeeded();
      return;
    }
    String result =
        switch (method) {
          case "initialize" -> {
            response.getHeaders().put("Mcp-Session-Id", "worker-session");
            yield "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"tools\":{},\"resources\":{}},"
                + "\"serverInfo\":{\"name\":\"spy\",\"version\":\"1\"}}";
          }
          case "tools/list" ->
              "{\"tools\":[{\"name\":\"get_invoice\",\"inputSchema\":{\"type\":\"object\"}},"
                  + "{\"name\":\"send_refund\",\"inputSchema\":{\"type\":\"object\"}}]}";
          case "tools/call" ->
              "{\"content\":[{\"type\":\"text\",\"text\":\"called "
                  + message.path("params").path("name").asText()
                  + "\"}]}";
          case "resources/list" -> "{\"resources\":[]}";
          default -> "{}";
        };
    byte[] bytes =
        ("{\"jsonrpc\":\"2.0\",\"id\":" + message.get("id") + ",\"result\":" + result + "}")
            .getBytes(StandardCharsets.UTF_8);
    response.getHeaders().put("Content-Type", "application/json");
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
