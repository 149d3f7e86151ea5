package dev.toolgate.gateway.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.toolgate.api.v1alpha1.GatewayReport;
import dev.toolgate.gateway.routing.RoutingTable.NameCollision;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StatusReporterTest {

  /** An McpGateway status in memory; it can fail or hold up writes on demand. */
  static final class FakeSink implements StatusSink {
    volatile GatewayReport stored;
    final List<String> written = new CopyOnWriteArrayList<>();
    final AtomicInteger failuresLeft = new AtomicInteger();
    final AtomicInteger attempts = new AtomicInteger();
    volatile CountDownLatch holdWrites;
    final CountDownLatch firstWriteStarted = new CountDownLatch(1);

    @Override
    public GatewayReport read() {
      attempts.incrementAndGet();
      if (failuresLeft.getAndDecrement() > 0) {
        throw new IllegalStateException("API server unavailable (503)");
      }
      return stored;
    }

    @Override
    public void write(GatewayReport report) {
      firstWriteStarted.countDown();
      CountDownLatch hold = holdWrites;
      if (hold != null) {
        try {
          hold.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      stored = report;
      written.add(report.getLoadedConfigHash() + "/" + report.getRejectedConfigHash());
    }

    @Override
    public String describe() {
      return "McpGateway test/toolgate";
    }
  }

  private final FakeSink sink = new FakeSink();
  private final StatusReporter reporter =
      new StatusReporter(sink, Clock.systemUTC(), Duration.ofMillis(10), Duration.ofMillis(100));

  @AfterEach
  void close() {
    reporter.close();
  }

  private static String hash(int i) {
    return "sha256:%016x".formatted(i);
  }

  @Test
  void aLoadedConfigIsWrittenOnceAndTheSameStateAgainWritesNothing() {
    reporter.loaded(hash(1));
    await().atMost(Duration.ofSeconds(5)).until(() -> hash(1).equals(loaded()));

    reporter.loaded(hash(1));
    reporter.collisions(List.of());

    assertThat(reporter.written()).isEqualTo(LoadState.initial().loaded(hash(1)));
    assertThat(sink.written).containsExactly(hash(1) + "/null");
  }

  @Test
  void aBurstWhileAWriteIsUnderWayBecomesOneMoreWriteOfTheNewestState() throws Exception {
    sink.holdWrites = new CountDownLatch(1);
    reporter.loaded(hash(0));
    assertThat(sink.firstWriteStarted.await(5, TimeUnit.SECONDS)).isTrue();
    for (int i = 1; i <= 50; i++) {
      reporter.loaded(hash(i));
    }
    sink.holdWrites.countDown();

    await().atMost(Duration.ofSeconds(5)).until(() -> hash(50).equals(loaded()));
    assertThat(sink.written).containsExactly(hash(0) + "/null", hash(50) + "/null");
  }

  @Test
  void callersNeverWaitForTheApiServer() throws Exception {
    sink.holdWrites = new CountDownLatch(1);
    reporter.loaded(hash(0));
    assertThat(sink.firstWriteStarted.await(5, TimeUnit.SECONDS)).isTrue();

    long started = System.nanoTime();
    reporter.rejected(hash(1), List.of("bad"));
    reporter.collisions(List.of(new NameCollision("tools/a", "x", "a.x", "tools/a")));
    long tookMillis = (System.nanoTime() - started) / 1_000_000;

    assertThat(tookMillis).as("returns while a write hangs").isLessThan(1_000);
    sink.holdWrites.countDown();
  }

  @Test
  void aFailedWriteIsRetriedWithBackoffUntilItSucceeds() {
    sink.failuresLeft.set(3);
    reporter.rejected(hash(2), List.of("upstreams[0].url: bad"));

    await().atMost(Duration.ofSeconds(5)).until(() -> sink.stored != null);
    assertThat(sink.attempts.get()).isEqualTo(4);
    assertThat(sink.stored.getRejectedConfigHash()).isEqualTo(hash(2));
    assertThat(sink.stored.getConditions().getFirst().getReason()).isEqualTo("ConfigRejected");
  }

  @Test
  void nothingIsReportedBeforeTheFirstConfigIsOffered() {
    reporter.collisions(List.of(new NameCollision("tools/a", "x", "a.x", "tools/a")));
    reporter.loaded(hash(3));

    await().atMost(Duration.ofSeconds(5)).until(() -> hash(3).equals(loaded()));
    assertThat(sink.written).containsExactly(hash(3) + "/null");
    assertThat(sink.stored.getUpstreamProblems()).hasSize(1);
  }

  @Test
  void aStatusAnotherReplicaAlreadyWroteIsNotWrittenAgain() {
    sink.stored = GatewayReports.of(LoadState.initial().loaded(hash(4)), null, Clock.systemUTC());

    reporter.loaded(hash(4));

    await().atMost(Duration.ofSeconds(5)).until(() -> reporter.written() != null);
    assertThat(sink.written).isEmpty();
  }

  private String loaded() {
    GatewayReport stored = sink.stored;
    return stored == null ? null : stored.getLoadedConfigHash();
  }
}
