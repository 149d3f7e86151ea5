package dev.toolgate.gateway;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpMethod;

/**
 * Hand-made MCP requests for tests of bad input: a plain HTTP client that can send any header (Host
 * and Origin included) and any body.
 */
public final class RawMcp implements AutoCloseable {

  public static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";

  private final HttpClient http = new HttpClient();

  public RawMcp() throws Exception {
    http.start();
  }

  public Request post(String url, String body, Map<String, String> headers) {
    Request request =
        http.newRequest(url)
            .method(HttpMethod.POST)
            .timeout(20, TimeUnit.SECONDS)
            .headers(
                h -> {
                  h.put("Content-Type", "application/json");
                  h.put("Accept", "application/json, text/event-stream");
                  headers.forEach(h::put);
                })
            .body(new BytesRequestContent(body.getBytes(StandardCharsets.UTF_8)));
    return request;
  }

  public ContentResponse send(Request request) throws Exception {
    return request.send();
  }

  public ContentResponse post(String url, String body, String sessionId) throws Exception {
    return post(url, body, sessionId == null ? Map.of() : Map.of("Mcp-Session-Id", sessionId))
        .send();
  }

  /** Initializes a session and returns its id (after sending notifications/initialized). */
  public String initialize(String url) throws Exception {
    ContentResponse response = post(url, INITIALIZE, (String) null);
    if (response.getStatus() != 200) {
      throw new IllegalStateException(
          "initialize: " + response.getStatus() + " " + response.getContentAsString());
    }
    String session = response.getHeaders().get("Mcp-Session-Id");
    post(url, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", session);
    return session;
  }

  public ContentResponse delete(String url, String sessionId) throws Exception {
    return http.newRequest(url)
        .method(HttpMethod.DELETE)
        .headers(h -> h.put("Mcp-Session-Id", sessionId))
        .timeout(10, TimeUnit.SECONDS)
        .send();
  }

  public HttpClient http() {
    return http;
  }

  @Override
  public void close() throws Exception {
    http.stop();
  }
}
