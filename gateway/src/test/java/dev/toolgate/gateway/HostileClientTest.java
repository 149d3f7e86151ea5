package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.toolgate.examples.conformance.ConformanceWorker;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway as a boundary against a hostile client: tools the McpTool does not expose stay out of
 * reach on every endpoint, input in other encodings or with duplicate keys is refused, sessions of
 * one endpoint cannot be touched through another, and sessions and their stored data are bounded.
 */
class HostileClientTest {

  @TempDir static Path temp;

  private static ConformanceWorker worker;
  private static GatewayFixture gateway;
  private RawMcp raw;

  @BeforeAll
  static void start() throws Exception {
    worker = ConformanceWorker.start(0, "alpha");
    gateway =
        GatewayFixture.start(
            temp, List.of(new GatewayFixture.Upstream("tools", "alpha", worker.url(), "alpha")));
    gateway.awaitToolCount(16);
    gateway.writeConfig(onlySimpleText(worker.url()));
    gateway.awaitToolCount(1);
  }

  /** One McpTool whose worker offers 16 tools, of which it exposes one. */
  static String onlySimpleText(String url) {
    return """
        version: toolgate.dev/gateway-config/v1
        upstreams:
          - id: tools/alpha
            url: %s
            passthroughPath: /mcp/tools/tools/alpha
            toolPrefix: alpha
            tools:
              - name: test_simple_text
                exposedName: alpha.test_simple_text
        """
        .formatted(url);
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
    worker.close();
  }

  @BeforeEach
  void openClient() throws Exception {
    raw = new RawMcp();
  }

  @AfterEach
  void closeClient() throws Exception {
    raw.close();
  }

  private String passthrough() {
    return gateway.passthroughUrl("tools", "alpha");
  }

  @Test
  void aToolTheMcpToolDoesNotExposeIsNeitherListedNorCallableThroughThePassthrough()
      throws Exception {
    String session = raw.initialize(passthrough());
    ContentResponse list =
        raw.post(
            passthrough(), "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}", session);
    assertThat(list.getContentAsString())
        .contains("test_simple_text")
        .doesNotContain("test_error_handling")
        .doesNotContain("test_sampling");

    ContentResponse hidden = raw.post(passthrough(), call("test_error_handling"), session);
    assertThat(hidden.getStatus()).isEqualTo(200);
    assertThat(hidden.getContentAsString())
        .isEqualTo(
            "{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":-32602,"
                + "\"message\":\"Unknown tool: test_error_handling\"}}");
    assertThat(raw.post(passthrough(), call("test_simple_text"), session).getContentAsString())
        .contains("\"result\"");
  }

  @Test
  void bodiesInUtf16OrUtf32AreRefusedNotFailedOn() throws Exception {
    String session = raw.initialize(gateway.aggregatedUrl());
    for (String encoding : List.of("UTF-16LE", "UTF-16BE", "UTF-16", "UTF-32LE", "UTF-32BE")) {
      for (String url : List.of(gateway.aggregatedUrl(), passthrough())) {
        byte[] body = call("alpha.test_simple_text").getBytes(Charset.forName(encoding));
        ContentResponse response =
            raw.http()
                .newRequest(url)
                .method(HttpMethod.POST)
                .headers(
                    h -> {
                      h.put("Content-Type", "application/json");
                      h.put("Accept", "application/json, text/event-stream");
                      h.put("Mcp-Session-Id", session);
                    })
                .body(new BytesRequestContent(body))
                .timeout(10, TimeUnit.SECONDS)
                .send();
        assertThat(response.getStatus()).as(encoding + " " + url).isEqualTo(400);
        assertThat(response.getContentAsString()).contains("-32700").contains("UTF-8");
      }
    }
  }

  @Test
  void theMediaTypeMustBeJsonInUtf8() throws Exception {
    for (String type :
        List.of("application/jsonx", "application/json-seq", "application/json; charset=utf-16")) {
      ContentResponse response =
          raw.post(gateway.aggregatedUrl(), RawMcp.INITIALIZE, Map.of("Content-Type", type)).send();
      assertThat(response.getStatus()).as(type).isEqualTo(415);
    }
    ContentResponse fine =
        raw.post(
                gateway.aggregatedUrl(),
                RawMcp.INITIALIZE,
                Map.of("Content-Type", "Application/JSON; charset=\"UTF-8\""))
            .send();
    assertThat(fine.getStatus()).isEqualTo(200);
  }

  @Test
  void duplicateKeysAreRefusedSoNoStageSeesADifferentMessageThanTheWorker() throws Exception {
    String session = raw.initialize(gateway.aggregatedUrl());
    for (String body :
        List.of(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"method\":\"tools/call\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":"
                + "\"alpha.test_simple_text\",\"name\":\"alpha.test_error_handling\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":"
                + "\"alpha.test_simple_text\",\"arguments\":{\"a\":1,\"a\":2}}}")) {
      ContentResponse response = raw.post(gateway.aggregatedUrl(), body, session);
      assertThat(response.getStatus()).as(body).isEqualTo(400);
      assertThat(response.getContentAsString()).contains("-32600").contains("duplicate key");
    }
  }

  @Test
  void aSessionOfOneEndpointCannotBeDeletedThroughAnother() throws Exception {
    String aggregated = raw.initialize(gateway.aggregatedUrl());
    String passthrough = raw.initialize(passthrough());
    assertThat(raw.delete(passthrough(), aggregated).getStatus()).isEqualTo(404);
    assertThat(raw.delete(gateway.aggregatedUrl(), passthrough).getStatus()).isEqualTo(404);
    assertThat(
            raw.post(gateway.aggregatedUrl(), call("alpha.test_simple_text"), aggregated)
                .getContentAsString())
        .contains("\"result\"");
    assertThat(raw.post(passthrough(), call("test_simple_text"), passthrough).getContentAsString())
        .contains("\"result\"");
  }

  @Test
  void anOversizedInitializeIsRefusedAndOpensNoSession() throws Exception {
    String big = "x".repeat(3_900_000);
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
            + "\"2025-11-25\",\"capabilities\":{\"experimental\":{\"pad\":\""
            + big
            + "\"}},\"clientInfo\":{\"name\":\"big\",\"version\":\"1\"}}}";
    int before = gateway.gateway().sessions().size();
    ContentResponse response = raw.post(gateway.aggregatedUrl(), body, (String) null);
    assertThat(response.getStatus()).isEqualTo(400);
    assertThat(response.getContentAsString()).contains("-32602").contains("16384 bytes");
    assertThat(response.getHeaders().get("Mcp-Session-Id")).isNull();
    assertThat(gateway.gateway().sessions().size()).isEqualTo(before);
  }

  @Test
  void oneClientCannotHoldMoreThanItsShareOfSessions() throws Exception {
    Path dir = Files.createTempDirectory(temp, "capped");
    try (GatewayFixture capped =
        GatewayFixture.start(
            dir,
            List.of(new GatewayFixture.Upstream("tools", "alpha", worker.url(), "alpha")),
            options -> options.withMaxSessionsPerClient(25))) {
      String first = null;
      for (int i = 0; i < 25; i++) {
        String id = raw.initialize(capped.aggregatedUrl());
        first = first == null ? id : first;
      }
      for (String url : List.of(capped.aggregatedUrl(), capped.passthroughUrl("tools", "alpha"))) {
        ContentResponse refused = raw.post(url, RawMcp.INITIALIZE, (String) null);
        assertThat(refused.getStatus()).as(url).isEqualTo(429);
        assertThat(refused.getContentAsString()).contains("25 sessions");
      }
      assertThat(raw.delete(capped.aggregatedUrl(), first).getStatus()).isEqualTo(200);
      assertThat(raw.initialize(capped.passthroughUrl("tools", "alpha"))).isNotBlank();
    }
  }

  @Test
  void tenThousandSessionsFillTheGatewayAndTheNextIsRefused() throws Exception {
    Path dir = Files.createTempDirectory(temp, "full");
    try (GatewayFixture full =
        GatewayFixture.start(
            dir,
            List.of(new GatewayFixture.Upstream("tools", "alpha", worker.url(), "alpha")),
            options -> options.withMaxSessions(10_000).withMaxSessionsPerClient(20_000))) {
      for (int i = 0; i < 10_000; i++) {
        ContentResponse opened = raw.post(full.aggregatedUrl(), RawMcp.INITIALIZE, (String) null);
        assertThat(opened.getStatus()).as("session %d", i).isEqualTo(200);
      }
      assertThat(full.gateway().sessions().size()).isEqualTo(10_000);
      ContentResponse refused = raw.post(full.aggregatedUrl(), RawMcp.INITIALIZE, (String) null);
      assertThat(refused.getStatus()).isEqualTo(503);
      assertThat(refused.getContentAsString()).contains("10000 sessions");
      assertThat(full.gateway().sessions().size()).isEqualTo(10_000);
    }
  }

  @Test
  void aSessionWithAnOpenStreamStillExpiresWhenIdle() throws Exception {
    Path dir = Files.createTempDirectory(temp, "idle");
    try (GatewayFixture quick =
        GatewayFixture.start(
            dir,
            List.of(new GatewayFixture.Upstream("tools", "alpha", worker.url(), "alpha")),
            options -> options.withSessionIdleTimeout(Duration.ofSeconds(2)))) {
      String session = raw.initialize(quick.aggregatedUrl());
      InputStreamResponseListener stream = new InputStreamResponseListener();
      raw.http()
          .newRequest(quick.aggregatedUrl())
          .method(HttpMethod.GET)
          .headers(
              h -> {
                h.put("Accept", "text/event-stream");
                h.put("Mcp-Session-Id", session);
              })
          .send(stream);
      assertThat(stream.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
      // The stream ends when the session expires: read it to its end.
      try (var in = stream.getInputStream()) {
        await().atMost(Duration.ofSeconds(20)).until(() -> in.read() == -1);
      }
      assertThat(
              raw.post(quick.aggregatedUrl(), call("alpha.test_simple_text"), session).getStatus())
          .isEqualTo(404);
    }
  }

  private static String call(String tool) {
    return "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\""
        + tool
        + "\",\"arguments\":{}}}";
  }
}
