package dev.toolgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpMethod;

/**
 * A raw MCP client of one gateway endpoint from a chosen loopback address (the gateway tells
 * callers apart by address until OAuth lands): one session, tool calls by hand.
 */
final class PolicyClient implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One answer: HTTP status, the {@code Retry-After} header, the JSON-RPC message. */
  record Answer(int status, String retryAfter, JsonNode message, String text) {
    JsonNode result() {
      return message.path("result");
    }

    JsonNode error() {
      return message.path("error");
    }

    String firstText() {
      return result().at("/content/0/text").asText();
    }
  }

  private final HttpClient http = new HttpClient();
  private final String url;
  private final String token;
  private final String session;
  private final AtomicInteger ids = new AtomicInteger(100);
  private final Map<String, String> headers = new ConcurrentHashMap<>();

  PolicyClient(String url, String fromAddress) throws Exception {
    this(url, fromAddress, null);
  }

  /** A client sending {@code Authorization: Bearer <token>} when the token is not null. */
  PolicyClient(String url, String fromAddress, String token) throws Exception {
    this.url = url;
    this.token = token;
    http.setBindAddress(new InetSocketAddress(fromAddress, 0));
    http.setMaxConnectionsPerDestination(512);
    http.start();
    ContentResponse init = send(RawMcp.INITIALIZE, null);
    if (init.getStatus() != 200) {
      throw new IllegalStateException("initialize: " + init.getContentAsString());
    }
    session = init.getHeaders().get("Mcp-Session-Id");
    send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", session);
  }

  PolicyClient(String url) throws Exception {
    this(url, "127.0.0.1");
  }

  private ContentResponse send(String body, String sessionId) throws Exception {
    return post(body, sessionId).timeout(30, TimeUnit.SECONDS).send();
  }

  /** A POST of {@code body} with this client's headers. */
  private org.eclipse.jetty.client.Request post(String body, String sessionId) {
    return http.newRequest(url)
        .method(HttpMethod.POST)
        .headers(
            h -> {
              h.put("Content-Type", "application/json");
              h.put("Accept", "application/json, text/event-stream");
              if (sessionId != null) {
                h.put("Mcp-Session-Id", sessionId);
              }
              if (token != null) {
                h.put("Authorization", "Bearer " + token);
              }
              headers.forEach(h::put);
            })
        .body(new BytesRequestContent(body.getBytes(StandardCharsets.UTF_8)));
  }

  /** The gateway's session id of this client. */
  String session() {
    return session;
  }

  /** Sends this W3C {@code traceparent} with every later request ({@code null}: none). */
  void traceparent(String value) {
    header("traceparent", value);
  }

  /** Calls a tool and goes away after {@code millis}, before the answer comes. */
  void callAndLeave(String tool, String arguments, long millis) throws Exception {
    org.eclipse.jetty.client.Request request =
        post(
            "{\"jsonrpc\":\"2.0\",\"id\":"
                + ids.incrementAndGet()
                + ",\"method\":\"tools/call\",\"params\":{\"name\":\""
                + tool
                + "\",\"arguments\":"
                + arguments
                + "}}",
            session);
    request.send(result -> {});
    Thread.sleep(millis);
    request.abort(new java.io.IOException("the client left"));
  }

  /** Sends this header with every later request ({@code null} stops sending it). */
  void header(String name, String value) {
    if (value == null) {
      headers.remove(name);
    } else {
      headers.put(name, value);
    }
  }

  /** Calls a tool with arguments given as JSON text, and {@code _meta} when not null. */
  Answer call(String tool, String arguments, String meta) throws Exception {
    return request(
        "tools/call",
        "{\"name\":\""
            + tool
            + "\",\"arguments\":"
            + arguments
            + (meta == null ? "" : ",\"_meta\":" + meta)
            + "}");
  }

  Answer call(String tool, String arguments) throws Exception {
    return call(tool, arguments, null);
  }

  Answer request(String method, String params) throws Exception {
    int id = ids.incrementAndGet();
    ContentResponse response =
        send(
            "{\"jsonrpc\":\"2.0\",\"id\":"
                + id
                + ",\"method\":\""
                + method
                + "\""
                + (params == null ? "" : ",\"params\":" + params)
                + "}",
            session);
    String text = response.getContentAsString();
    String type = response.getHeaders().get("Content-Type");
    if (type != null && type.startsWith("text/event-stream")) {
      JsonNode last = null;
      for (String line : text.split("\n")) {
        if (line.startsWith("data:")) {
          JsonNode event = JSON.readTree(line.substring(5).trim());
          if (event.has("id")) {
            last = event;
          }
        }
      }
      return new Answer(response.getStatus(), response.getHeaders().get("Retry-After"), last, text);
    }
    return new Answer(
        response.getStatus(), response.getHeaders().get("Retry-After"), JSON.readTree(text), text);
  }

  @Override
  public void close() throws Exception {
    http.stop();
  }
}
