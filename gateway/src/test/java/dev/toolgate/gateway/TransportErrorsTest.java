package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.examples.conformance.ConformanceWorker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input at the HTTP and JSON-RPC level, sent over real HTTP to a gateway with a real worker
 * behind it: each gets the transport spec's status and a JSON-RPC error code, on both endpoints.
 */
class TransportErrorsTest {

  private static final int MAX_BODY = 2048;

  @TempDir static java.nio.file.Path temp;

  private static ConformanceWorker worker;
  private static GatewayFixture gateway;
  private static RawMcp raw;
  private static String aggregated;
  private static String passthrough;

  @BeforeAll
  static void start() throws Exception {
    worker = ConformanceWorker.start(0, "alpha");
    gateway =
        GatewayFixture.start(
            temp,
            List.of(new GatewayFixture.Upstream("tools", "alpha", worker.url(), "alpha")),
            options -> options.withMaxRequestBytes(MAX_BODY));
    gateway.awaitToolCount(16);
    aggregated = gateway.aggregatedUrl();
    passthrough = gateway.passthroughUrl("tools", "alpha");
  }

  /**
   * A fresh client per test: the gateway closes a connection after refusing some requests (an
   * oversized body still arriving), and a pooled connection it closed must not leak into the next
   * test as a broken pipe.
   */
  @BeforeEach
  void openClient() throws Exception {
    raw = new RawMcp();
  }

  @AfterEach
  void closeClient() throws Exception {
    raw.close();
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
    worker.close();
  }

  @Test
  void malformedJsonIsAParseError() throws Exception {
    for (String url : List.of(aggregated, passthrough)) {
      ContentResponse response = raw.post(url, "{\"jsonrpc\":\"2.0\",\"id\":1,", (String) null);
      assertError(response, 400, -32700);
    }
  }

  @Test
  void aBatchOutsideASessionIsAnInvalidRequest() throws Exception {
    ContentResponse response =
        raw.post(aggregated, "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]", (String) null);
    assertError(response, 400, -32600);
    assertThat(response.getContentAsString())
        .contains("batches are accepted only in a session negotiated at protocol 2025-03-26");
  }

  @Test
  void aMessageWithoutJsonrpcVersionIsAnInvalidRequest() throws Exception {
    String session = raw.initialize(aggregated);
    assertError(raw.post(aggregated, "{\"id\":2,\"method\":\"ping\"}", session), 400, -32600);
  }

  @Test
  void anOversizedBodyIsRefusedWith413() throws Exception {
    String session = raw.initialize(passthrough);
    String big =
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
            + "\"arguments\":{\"text\":\""
            + "x".repeat(MAX_BODY)
            + "\"}}}";
    assertError(raw.post(passthrough, big, session), 413, -32600);
    assertError(raw.post(aggregated, big, raw.initialize(aggregated)), 413, -32600);
  }

  @Test
  void anOversizedChunkedBodyIsRefusedAsSoonAsItCrossesTheLimit() throws Exception {
    String session = raw.initialize(aggregated);
    // No length known up front (chunked), and the body never ends: the gateway must count as it
    // reads and answer 413 without waiting for the rest.
    org.eclipse.jetty.client.AsyncRequestContent body =
        new org.eclipse.jetty.client.AsyncRequestContent("application/json");
    java.util.concurrent.CompletableFuture<Integer> status =
        new java.util.concurrent.CompletableFuture<>();
    raw.post(aggregated, "", Map.of("Mcp-Session-Id", session))
        .body(body)
        .onResponseHeaders(response -> status.complete(response.getStatus()))
        .send(result -> {});
    body.write(
        java.nio.ByteBuffer.wrap(
            ("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\",\"params\":{\"pad\":\""
                    + "x".repeat(MAX_BODY * 2))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        org.eclipse.jetty.util.Callback.NOOP);
    try {
      assertThat(status.get(10, TimeUnit.SECONDS)).isEqualTo(413);
    } finally {
      body.close();
    }
  }

  @Test
  void aRequestWithoutSessionIdIs400() throws Exception {
    for (String url : List.of(aggregated, passthrough)) {
      assertError(
          raw.post(url, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}", (String) null),
          400,
          -32600);
    }
  }

  @Test
  void anUnknownSessionIdIs404() throws Exception {
    for (String url : List.of(aggregated, passthrough)) {
      assertError(
          raw.post(
              url, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}", "no-such-session"),
          404,
          -32001);
    }
  }

  @Test
  void aSessionIsGoneAfterDelete() throws Exception {
    for (String url : List.of(aggregated, passthrough)) {
      String session = raw.initialize(url);
      String list = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
      assertThat(raw.post(url, list, session).getStatus()).isEqualTo(200);
      assertThat(raw.delete(url, session).getStatus()).isEqualTo(200);
      assertError(raw.post(url, list, session), 404, -32001);
    }
  }

  @Test
  void anUnsupportedProtocolVersionIs400() throws Exception {
    for (String url : List.of(aggregated, passthrough)) {
      String session = raw.initialize(url);
      ContentResponse response =
          raw.post(
                  url,
                  "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
                  Map.of("Mcp-Session-Id", session, "MCP-Protocol-Version", "1999-01-01"))
              .send();
      assertError(response, 400, -32600);
      assertThat(response.getContentAsString()).contains("1999-01-01").contains("2025-11-25");
    }
  }

  @Test
  void aForeignHostIsRefusedAgainstDnsRebinding() throws Exception {
    assertRefused(aggregated, RawMcp.INITIALIZE, Map.of("Host", "evil.example.com"), 403, -32005);
  }

  @Test
  void aForeignOriginIsRefused() throws Exception {
    assertRefused(
        passthrough, RawMcp.INITIALIZE, Map.of("Origin", "http://evil.example.com"), 403, -32005);
    ContentResponse local =
        raw.post(passthrough, RawMcp.INITIALIZE, Map.of("Origin", "http://localhost:3000")).send();
    assertThat(local.getStatus()).isEqualTo(200);
  }

  @Test
  void aBodyThatIsNotJsonIs415() throws Exception {
    assertRefused(aggregated, "ping", Map.of("Content-Type", "text/plain"), 415, -32600);
  }

  @Test
  void anAcceptWithoutEventStreamIs406() throws Exception {
    assertRefused(aggregated, RawMcp.INITIALIZE, Map.of("Accept", "application/json"), 406, -32600);
  }

  @Test
  void aSecondNotificationStreamOfOneSessionIsAConflict() throws Exception {
    String session = raw.initialize(aggregated);
    org.eclipse.jetty.client.Request first =
        raw.http()
            .newRequest(aggregated)
            .method(HttpMethod.GET)
            .headers(h -> h.put("Accept", "text/event-stream").put("Mcp-Session-Id", session));
    java.util.concurrent.CompletableFuture<Integer> opened =
        new java.util.concurrent.CompletableFuture<>();
    first.onResponseHeaders(r -> opened.complete(r.getStatus())).send(result -> {});
    assertThat(opened.get(5, TimeUnit.SECONDS)).isEqualTo(200);
    try {
      ContentResponse second =
          raw.http()
              .newRequest(aggregated)
              .method(HttpMethod.GET)
              .headers(h -> h.put("Accept", "text/event-stream").put("Mcp-Session-Id", session))
              .timeout(5, TimeUnit.SECONDS)
              .send();
      assertError(second, 409, -32600);
    } finally {
      first.abort(new IllegalStateException("test done"));
    }
  }

  @Test
  void aGetWithoutEventStreamAcceptIs406() throws Exception {
    String session = raw.initialize(passthrough);
    ContentResponse response =
        raw.http()
            .newRequest(passthrough)
            .method(HttpMethod.GET)
            .headers(h -> h.put("Accept", "application/json").put("Mcp-Session-Id", session))
            .timeout(5, TimeUnit.SECONDS)
            .send();
    assertError(response, 406, -32600);
  }

  @Test
  void theAggregatedEndpointNegotiatesTheVersionTheClientAsksForIfItSpeaksIt() throws Exception {
    for (String version : List.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05")) {
      ContentResponse response =
          raw.post(aggregated, RawMcp.INITIALIZE.replace("2025-11-25", version), (String) null);
      assertThat(response.getContentAsString()).contains("\"protocolVersion\":\"" + version + "\"");
    }
    ContentResponse future =
        raw.post(aggregated, RawMcp.INITIALIZE.replace("2025-11-25", "2099-01-01"), (String) null);
    assertThat(future.getContentAsString()).contains("\"protocolVersion\":\"2025-11-25\"");
  }

  @Test
  void anUnknownPathIs404() throws Exception {
    String url = "http://127.0.0.1:" + gateway.gateway().port() + "/mcp/tools/tools/nothing";
    assertError(raw.post(url, RawMcp.INITIALIZE, (String) null), 404, -32600);
  }

  @Test
  void anUnknownMethodOnTheAggregatedEndpointIsMethodNotFound() throws Exception {
    String session = raw.initialize(aggregated);
    ContentResponse response =
        raw.post(
            aggregated, "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"no/such/method\"}", session);
    assertError(response, 200, -32601);
    assertThat(response.getContentAsString()).contains("\"id\":9");
  }

  @Test
  void aPutIsMethodNotAllowed() throws Exception {
    ContentResponse response =
        raw.http()
            .newRequest(aggregated)
            .method(HttpMethod.PUT)
            .timeout(5, TimeUnit.SECONDS)
            .send();
    assertError(response, 405, -32600);
    assertThat(response.getHeaders().get("Allow")).contains("POST");
  }

  @Test
  void clientCredentialsNeverReachTheWorker() throws Exception {
    Map<String, String> secrets =
        Map.of("Authorization", "Bearer client-token", "Cookie", "sid=abc", "X-Api-Key", "k");
    String call =
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"%s\",\"arguments\":{}}}";
    for (String url : List.of(aggregated, passthrough)) {
      String session = raw.initialize(url);
      Map<String, String> headers = new java.util.HashMap<>(secrets);
      headers.put("Mcp-Session-Id", session);
      String tool = url.equals(aggregated) ? "alpha.request_headers" : "request_headers";
      String body = raw.post(url, call.formatted(tool), headers).send().getContentAsString();
      assertThat(body).contains("mcp-session-id").contains("content-type");
      assertThat(body)
          .doesNotContain("authorization")
          .doesNotContain("cookie")
          .doesNotContain("x-api-key");
    }
  }

  /** Posts with extra headers that the gateway must refuse before reading the body. */
  private static void assertRefused(
      String url, String body, Map<String, String> headers, int status, int code) throws Exception {
    assertError(raw.post(url, body, headers).send(), status, code);
  }

  private static void assertError(ContentResponse response, int status, int code) {
    assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(status);
    assertThat(response.getMediaType()).isEqualTo("application/json");
    assertThat(response.getContentAsString()).contains("\"code\":" + code);
  }
}
