package dev.toolgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * An MCP worker for policy tests (plain JSON over Streamable HTTP), counting the calls of each
 * tool: {@code lookup} (marked readOnly), {@code catalog}, {@code refund}, {@code quote}, {@code
 * watch} answer with their call count and arguments, waiting {@code delayMs} first when asked;
 * {@code echo} returns its arguments; {@code leak} answers with the canaries planted in text,
 * structured content and an embedded resource; {@code fail} with a JSON-RPC error carrying them;
 * {@code oops} with an {@code isError} result carrying them; {@code stream} answers as an event
 * stream whose log notification carries them; {@code ticker} counts like {@code lookup}.
 */
final class PolicyWorker implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String[] TOOLS = {
    "lookup", "catalog", "refund", "quote", "watch", "echo", "leak", "fail", "oops", "stream",
    "ticker"
  };

  private final Server server = new Server();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final String leaked;

  /**
   * @param leaked the text the leaking tools plant in every answer (the canaries)
   */
  PolicyWorker(String leaked) throws Exception {
    this.leaked = leaked;
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    server.setHandler(new Mcp());
    server.start();
  }

  String url() {
    return "http://127.0.0.1:"
        + ((ServerConnector) server.getConnectors()[0]).getLocalPort()
        + "/mcp";
  }

  int calls(String tool) {
    return calls.computeIfAbsent(tool, t -> new AtomicInteger()).get();
  }

  private final class Mcp extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      if (!request.getMethod().equals("POST")) {
        send(response, callback, 200, "application/json", "");
        return true;
      }
      JsonNode message = JSON.readTree(Content.Source.asString(request, StandardCharsets.UTF_8));
      String id = message.path("id").toString();
      switch (message.path("method").asText()) {
        case "initialize" -> {
          response.getHeaders().put("Mcp-Session-Id", "w-" + System.nanoTime());
          send(
              response,
              callback,
              200,
              "application/json",
              result(
                  id,
                  "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"tools\":{}},"
                      + "\"serverInfo\":{\"name\":\"policy\",\"version\":\"1\"}}"));
        }
        case "tools/list" -> {
          ArrayNode tools = JSON.createArrayNode();
          for (String name : TOOLS) {
            ObjectNode tool = tools.addObject().put("name", name);
            tool.putObject("inputSchema").put("type", "object");
            if (name.equals("lookup")) {
              tool.putObject("annotations").put("readOnlyHint", true);
            }
          }
          send(
              response, callback, 200, "application/json", result(id, "{\"tools\":" + tools + "}"));
        }
        case "tools/call" -> call(message, id, response, callback);
        default -> {
          response.setStatus(202);
          response.write(true, null, callback);
        }
      }
      return true;
    }

    private void call(JsonNode message, String id, Response response, Callback callback)
        throws Exception {
      String tool = message.at("/params/name").asText();
      JsonNode arguments = message.at("/params/arguments");
      int n = calls.computeIfAbsent(tool, t -> new AtomicInteger()).incrementAndGet();
      long delay = arguments.path("delayMs").asLong(0);
      if (delay > 0) {
        Thread.sleep(delay);
      }
      String leak = JSON.writeValueAsString(leaked);
      switch (tool) {
        case "echo" ->
            send(
                response,
                callback,
                200,
                "application/json",
                result(
                    id,
                    "{\"content\":[{\"type\":\"text\",\"text\":"
                        + JSON.writeValueAsString(arguments.toString())
                        + "}],\"structuredContent\":"
                        + arguments
                        + "}"));
        case "leak" ->
            send(
                response,
                callback,
                200,
                "application/json",
                result(
                    id,
                    "{\"content\":[{\"type\":\"text\",\"text\":"
                        + leak
                        + "},{\"type\":\"resource\",\"resource\":{\"uri\":\"file:///env\","
                        + "\"mimeType\":\"text/plain\",\"text\":"
                        + leak
                        + "}}],\"structuredContent\":{\"env\":{\"value\":"
                        + leak
                        + ",\"list\":["
                        + leak
                        + ",1]},\"count\":"
                        + n
                        + "}}"));
        case "fail" ->
            send(
                response,
                callback,
                200,
                "application/json",
                "{\"jsonrpc\":\"2.0\",\"id\":"
                    + id
                    + ",\"error\":{\"code\":-32000,\"message\":"
                    + leak
                    + ",\"data\":{\"detail\":"
                    + leak
                    + "}}}");
        case "oops" ->
            send(
                response,
                callback,
                200,
                "application/json",
                result(
                    id,
                    "{\"isError\":true,\"content\":[{\"type\":\"text\",\"text\":" + leak + "}]}"));
        case "stream" ->
            send(
                response,
                callback,
                200,
                "text/event-stream",
                "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\","
                    + "\"params\":{\"level\":\"info\",\"data\":"
                    + leak
                    + "}}\n\nevent: message\ndata: "
                    + result(id, "{\"content\":[{\"type\":\"text\",\"text\":\"done\"}]}")
                    + "\n\n");
        default ->
            send(
                response,
                callback,
                200,
                "application/json",
                result(
                    id,
                    "{\"content\":[{\"type\":\"text\",\"text\":\""
                        + tool
                        + " #"
                        + n
                        + "\"}],\"structuredContent\":{\"call\":"
                        + n
                        + ",\"arguments\":"
                        + arguments
                        + "}}"));
      }
    }
  }

  private static String result(String id, String result) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + result + "}";
  }

  private static void send(
      Response response, Callback callback, int status, String type, String body) {
    response.setStatus(status);
    response.getHeaders().put("Content-Type", type);
    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
