package dev.toolgate.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;

/**
 * One MCP Streamable HTTP session as an agent holds it: initialize once, then call tools. It speaks
 * the wire protocol directly over a shared, pooled Jetty client so the load generator costs the
 * same against the worker and the gateway, and checks every answer so that errors count as errors,
 * not as fast calls.
 */
final class McpHttpSession implements AutoCloseable {

  static final String PROTOCOL_VERSION = "2025-11-25";
  private static final String SESSION_HEADER = "Mcp-Session-Id";

  private final HttpClient http;
  private final URI url;
  private volatile Map<String, String> extraHeaders;
  private String sessionId;
  private long nextId = 1;

  McpHttpSession(HttpClient http, URI url, Map<String, String> extraHeaders) {
    this.http = http;
    this.url = url;
    this.extraHeaders = extraHeaders;
  }

  void open() throws IOException {
    ContentResponse response =
        send(
            """
            {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"%s",\
            "capabilities":{},"clientInfo":{"name":"toolgate-bench","version":"1"}}}"""
                .formatted(PROTOCOL_VERSION),
            false);
    expectResult(response, 0);
    sessionId = response.getHeaders().get(SESSION_HEADER);
    ContentResponse initialized =
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", true);
    if (initialized.getStatus() != 202 && initialized.getStatus() != 200) {
      throw new IOException("notifications/initialized answered " + initialized.getStatus());
    }
  }

  /** Sends these headers from now on: a fresh token, as an agent gets one before the last ends. */
  void useHeaders(Map<String, String> headers) {
    this.extraHeaders = headers;
  }

  /** The session's id, once open. */
  String sessionId() {
    return sessionId;
  }

  /** Calls a tool; throws when the answer is not a successful result for this request. */
  void callTool(String tool, String argumentsJson) throws IOException {
    long id = nextId++;
    ContentResponse response =
        send(
            "{\"jsonrpc\":\"2.0\",\"id\":"
                + id
                + ",\"method\":\"tools/call\",\"params\":{\"name\":\""
                + tool
                + "\",\"arguments\":"
                + argumentsJson
                + "}}",
            true);
    expectResult(response, id);
  }

  private ContentResponse send(String body, boolean inSession) throws IOException {
    Request request =
        http.newRequest(url)
            .method(HttpMethod.POST)
            .timeout(30, TimeUnit.SECONDS)
            .headers(
                headers -> {
                  headers.put(HttpHeader.ACCEPT, "application/json, text/event-stream");
                  if (inSession) {
                    headers.put("MCP-Protocol-Version", PROTOCOL_VERSION);
                    if (sessionId != null) {
                      headers.put(SESSION_HEADER, sessionId);
                    }
                  }
                  extraHeaders.forEach(headers::put);
                })
            .body(new StringRequestContent("application/json", body, StandardCharsets.UTF_8));
    try {
      return request.send();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (Exception e) {
      throw new IOException("request to " + url + " failed: " + e, e);
    }
  }

  /** Accepts a JSON or SSE answer that carries the result of request {@code id}. */
  private static void expectResult(ContentResponse response, long id) throws IOException {
    String body = response.getContentAsString();
    if (response.getStatus() != 200) {
      throw new IOException("HTTP " + response.getStatus() + ": " + abbreviate(body));
    }
    if (!body.contains("\"result\"")
        || !body.contains("\"id\":" + id)
        || body.contains("\"isError\":true")) {
      throw new IOException("not a successful result for id " + id + ": " + abbreviate(body));
    }
  }

  private static String abbreviate(String body) {
    return body.length() > 300 ? body.substring(0, 300) + "..." : body;
  }

  @Override
  public void close() {
    if (sessionId == null) {
      return;
    }
    try {
      http.newRequest(url)
          .method(HttpMethod.DELETE)
          .headers(
              h -> {
                h.put(SESSION_HEADER, sessionId);
                h.put("MCP-Protocol-Version", PROTOCOL_VERSION);
                extraHeaders.forEach(h::put);
              })
          .timeout(5, TimeUnit.SECONDS)
          .send();
    } catch (Exception e) {
      // Closing is a courtesy to the server; the run's figures are already taken.
    }
  }
}
