package dev.toolgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LoadRunTest {

  static BenchWorker worker;
  static HttpClient http;

  @BeforeAll
  static void start() throws Exception {
    worker = BenchWorker.start(0);
    http = new HttpClient();
    http.start();
  }

  @AfterAll
  static void stop() throws Exception {
    http.stop();
    worker.close();
  }

  private static LoadRun.Result run(String tool, int sessions) throws InterruptedException {
    return LoadRun.run(
        http,
        "direct",
        URI.create(worker.url()),
        Map.of(),
        tool,
        CallArguments.fixed("hello"),
        sessions,
        Duration.ofMillis(200),
        Duration.ofMillis(500));
  }

  @Test
  void countsSuccessfulCallsOfEverySessionIntoOneHistogram() throws Exception {
    LoadRun.Result result = run("echo", 2);

    assertThat(result.errors()).isZero();
    assertThat(result.firstError()).isNull();
    assertThat(result.calls()).isGreaterThan(10).isEqualTo(result.latencyMicros().getTotalCount());
    assertThat(result.p50()).isPositive().isLessThanOrEqualTo(result.p99());
  }

  @Test
  void theWorkToolTakesAtLeastItsMillisecond() throws Exception {
    LoadRun.Result result = run("work", 1);

    assertThat(result.errors()).isZero();
    assertThat(result.p50()).isGreaterThanOrEqualTo(1.0);
  }

  @Test
  void countsFailedCallsAsErrorsNotAsLatency() throws Exception {
    LoadRun.Result result = run("no_such_tool", 1);

    assertThat(result.calls()).isZero();
    assertThat(result.errors()).isPositive();
    assertThat(result.firstError()).contains("not a successful result");
  }
}
