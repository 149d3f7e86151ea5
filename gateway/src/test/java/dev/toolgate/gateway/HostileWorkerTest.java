package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workers are untrusted: only well-formed JSON-RPC answering the relayed request reaches a client.
 * A forged id, an HTML page, a stack trace or a body of another type becomes a JSON-RPC error on
 * that call (HTTP 200, so the client keeps its session), and nothing of the worker's internals
 * leaks into it.
 */
class HostileWorkerTest {

  @TempDir static java.nio.file.Path temp;

  private static HostileWorker worker;
  private static GatewayFixture gateway;
  private RawMcp raw;

  @BeforeAll
  static void start() throws Exception {
    worker = new HostileWorker();
    gateway =
        GatewayFixture.start(
            temp, List.of(new GatewayFixture.Upstream("tools", "hostile", worker.url(), "h")));
    gateway.awaitToolCount(HostileWorker.TOOLS.length);
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

  @Test
  void aggregatedCallsOfAHostileWorkerFailAloneAndTheSessionGoesOn() throws Exception {
    String url = gateway.aggregatedUrl();
    String session = raw.initialize(url);
    for (String tool : List.of("forged_id", "html_404", "html_500", "text_plain")) {
      assertCleanError(raw.post(url, call("h." + tool), session), tool);
    }
    assertThat(raw.post(url, call("h.honest"), session).getContentAsString()).contains("fine");
  }

  @Test
  void aForgedAnswerOrGarbageOnAStreamIsDroppedAndTheRealAnswerArrives() throws Exception {
    String url = gateway.aggregatedUrl();
    String session = raw.initialize(url);
    for (String tool : List.of("sse_forged_first", "sse_garbage")) {
      ContentResponse response = raw.post(url, call("h." + tool), session);
      assertThat(response.getStatus()).isEqualTo(200);
      assertThat(response.getContentAsString())
          .as(tool)
          .contains("\"id\":9")
          .contains("fine")
          .doesNotContain("forged")
          .doesNotContain("script");
    }
  }

  @Test
  void passthroughCallsGetTheSameProtection() throws Exception {
    String url = gateway.passthroughUrl("tools", "hostile");
    String session = raw.initialize(url);
    for (String tool : List.of("forged_id", "html_500", "text_plain")) {
      assertCleanError(raw.post(url, call(tool), session), tool);
    }
    assertThat(raw.post(url, call("sse_forged_first"), session).getContentAsString())
        .contains("fine")
        .doesNotContain("forged");
    assertThat(raw.post(url, call("honest"), session).getContentAsString()).contains("fine");
  }

  @Test
  void aWorker404OnThePassthroughEndsTheSessionAsTheSpecSays() throws Exception {
    String url = gateway.passthroughUrl("tools", "hostile");
    String session = raw.initialize(url);
    ContentResponse lost = raw.post(url, call("html_404"), session);
    assertThat(lost.getStatus()).isEqualTo(404);
    assertThat(lost.getContentAsString()).doesNotContain("<html");
    assertThat(raw.post(url, call("honest"), session).getStatus()).isEqualTo(404);
  }

  private static String call(String tool) {
    return "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\""
        + tool
        + "\",\"arguments\":{}}}";
  }

  private static void assertCleanError(ContentResponse response, String tool) {
    assertThat(response.getStatus()).as(tool).isEqualTo(200);
    assertThat(response.getHeaders().get("Content-Type")).as(tool).startsWith("application/json");
    assertThat(response.getContentAsString())
        .as(tool)
        .startsWith("{\"jsonrpc\":\"2.0\",\"id\":9,\"error\":{\"code\":-3200")
        .doesNotContain("forged")
        .doesNotContain("<html")
        .doesNotContain("java.lang")
        .doesNotContain("internal.host")
        .doesNotContain("127.0.0.1");
  }
}
