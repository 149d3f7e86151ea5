package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.toolgate.examples.conformance.ConformanceWorker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long-lived GET streams cannot starve calls: streams to a worker use their own capped pool, a
 * stream beyond the cap is refused at once, and a client that goes away frees its streams (and the
 * worker connections behind them) without waiting for the worker to write.
 */
class AbandonedStreamsTest {

  private static final int STREAMS = 300;
  private static final int CAP = 256;

  @TempDir static java.nio.file.Path temp;

  private static ConformanceWorker worker;
  private static GatewayFixture gateway;

  @BeforeAll
  static void start() throws Exception {
    worker = ConformanceWorker.start(0, "alpha");
    gateway =
        GatewayFixture.start(
            temp,
            List.of(new GatewayFixture.Upstream("tools", "alpha", worker.url(), "alpha")),
            options -> options.withMaxStreamsPerWorker(CAP));
    gateway.awaitToolCount(16);
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
    worker.close();
  }

  @Test
  void abandonedStreamsNeitherStarveCallsNorOutliveTheirClients() throws Exception {
    String passthrough = gateway.passthroughUrl("tools", "alpha");
    HttpClient abandoning = new HttpClient();
    abandoning.setMaxConnectionsPerDestination(STREAMS + 10);
    abandoning.start();
    List<Integer> statuses = openStreams(abandoning, passthrough);
    assertThat(statuses.stream().filter(s -> s == 503).count()).isEqualTo(STREAMS - CAP);
    assertThat(statuses.stream().filter(s -> s == ACCEPTED || s == 200).count()).isEqualTo(CAP);
    assertThat(gateway.gateway().openStreams("tools/alpha")).isEqualTo(CAP);

    try (RawMcp raw = new RawMcp()) {
      String session = raw.initialize(passthrough);
      long started = System.nanoTime();
      assertThat(raw.post(passthrough, call("test_simple_text"), session).getContentAsString())
          .contains("\"result\"");
      String aggregated = raw.initialize(gateway.aggregatedUrl());
      assertThat(
              raw.post(gateway.aggregatedUrl(), call("alpha.test_simple_text"), aggregated)
                  .getContentAsString())
          .contains("\"result\"");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    // The client leaves without DELETE: its connections close, and the gateway frees every slot.
    abandoning.stop();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> gateway.gateway().openStreams("tools/alpha") == 0);

    HttpClient next = new HttpClient();
    next.setMaxConnectionsPerDestination(STREAMS + 10);
    next.start();
    try {
      assertThat(openStreams(next, passthrough).stream().filter(s -> s == 503).count())
          .isEqualTo(STREAMS - CAP);
      assertThat(gateway.gateway().openStreams("tools/alpha")).isEqualTo(CAP);
    } finally {
      next.stop();
    }
  }

  /** A stream the gateway took on whose worker has not sent its headers yet. */
  private static final int ACCEPTED = 0;

  /**
   * Opens a session and a GET stream per session, reading nothing; returns the GET statuses. The
   * Java SDK worker sends a stream's headers with its first event, so a stream the gateway accepted
   * may show no status yet ({@link #ACCEPTED}); a refusal comes at once.
   */
  private static List<Integer> openStreams(HttpClient http, String url) throws Exception {
    List<CompletableFuture<Integer>> statuses = new ArrayList<>();
    try (RawMcp raw = new RawMcp()) {
      for (int i = 0; i < STREAMS; i++) {
        String session = raw.initialize(url);
        CompletableFuture<Integer> status = new CompletableFuture<>();
        http.newRequest(url)
            .method(HttpMethod.GET)
            .headers(
                h -> {
                  h.put("Accept", "text/event-stream");
                  h.put("Mcp-Session-Id", session);
                })
            .onResponseHeaders(response -> status.complete(response.getStatus()))
            .send(result -> status.complete(-1));
        statuses.add(status);
      }
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> statuses.stream().filter(CompletableFuture::isDone).count() >= STREAMS - CAP);
    List<Integer> all = new ArrayList<>();
    for (CompletableFuture<Integer> status : statuses) {
      all.add(status.getNow(ACCEPTED));
    }
    return all;
  }

  private static String call(String tool) {
    return "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\""
        + tool
        + "\",\"arguments\":{}}}";
  }
}
