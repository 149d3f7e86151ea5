package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configured timeout is the timeout: a call that stays silent longer than the client
 * connection's idle timeout (or the 20 s pool idle timeout the gateway once had) still succeeds
 * within its tool's timeout, and a call over its timeout fails with -32003 when the timeout is up.
 */
class CallTimeoutsTest {

  @TempDir static Path temp;

  private static HostileWorker worker;

  @BeforeAll
  static void start() throws Exception {
    worker = new HostileWorker();
  }

  @AfterAll
  static void stop() throws Exception {
    worker.close();
  }

  @Test
  void aSilentCallOutlivesEveryIdleTimeoutWithinItsOwnTimeout() throws Exception {
    try (GatewayFixture gateway =
        start(
            "10s",
            options ->
                options
                    .withClientIdleTimeout(Duration.ofSeconds(2))
                    .withMaxToolTimeout(Duration.ofSeconds(10)))) {
      for (String url :
          List.of(gateway.aggregatedUrl(), gateway.passthroughUrl("tools", "hostile"))) {
        try (RawMcp raw = new RawMcp()) {
          String session = raw.initialize(url);
          String tool = url.endsWith("/mcp") ? "h.silent" : "silent";
          ContentResponse answer = raw.post(url, silent(tool, 5), session);
          assertThat(answer.getStatus()).as(url).isEqualTo(200);
          assertThat(answer.getContentAsString()).as(url).contains("waited");
        }
      }
    }
  }

  @Test
  void aCallOverItsTimeoutFailsWhenTheTimeoutIsUp() throws Exception {
    try (GatewayFixture gateway = start("1s", UnaryOperator.identity());
        RawMcp raw = new RawMcp()) {
      String session = raw.initialize(gateway.aggregatedUrl());
      long started = System.nanoTime();
      ContentResponse answer = raw.post(gateway.aggregatedUrl(), silent("h.silent", 4), session);
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertThat(answer.getStatus()).isEqualTo(200);
      assertThat(answer.getContentAsString())
          .contains("-32003")
          .contains("did not answer within 1000 ms");
      assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofMillis(3500));
    }
  }

  /** The issue's own figures with the default settings: 90 s of silence under a 120 s timeout. */
  @Test
  void aNinetySecondSilentToolSucceedsUnderATwoMinuteTimeout() throws Exception {
    try (GatewayFixture gateway = start("120s", UnaryOperator.identity());
        RawMcp raw = new RawMcp()) {
      String session = raw.initialize(gateway.aggregatedUrl());
      ContentResponse answer =
          raw.http()
              .newRequest(gateway.aggregatedUrl())
              .method(org.eclipse.jetty.http.HttpMethod.POST)
              .headers(
                  h -> {
                    h.put("Content-Type", "application/json");
                    h.put("Accept", "application/json, text/event-stream");
                    h.put("Mcp-Session-Id", session);
                  })
              .body(
                  new org.eclipse.jetty.client.StringRequestContent(
                      "application/json", silent("h.silent", 90)))
              .timeout(150, java.util.concurrent.TimeUnit.SECONDS)
              .idleTimeout(150, java.util.concurrent.TimeUnit.SECONDS)
              .send();
      assertThat(answer.getContentAsString()).contains("waited");
    }
  }

  private static GatewayFixture start(String timeout, UnaryOperator<GatewayOptions> options)
      throws Exception {
    GatewayFixture gateway =
        GatewayFixture.start(
            Files.createTempDirectory(temp, "gw"),
            List.of(new GatewayFixture.Upstream("tools", "hostile", worker.url(), "h", timeout)),
            options);
    gateway.awaitToolCount(HostileWorker.TOOLS.length);
    return gateway;
  }

  private static String silent(String tool, int seconds) {
    return "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\""
        + tool
        + "\",\"arguments\":{\"seconds\":"
        + seconds
        + "}}}";
  }
}
