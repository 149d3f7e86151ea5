package dev.toolgate.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.eclipse.jetty.client.HttpClient;

/**
 * Closed-loop load: {@code sessions} agents, each calling one tool back to back. Latency is
 * recorded per call after a warm-up, into one histogram per session that are merged at the end, so
 * recording costs no contention.
 */
final class LoadRun {

  /** What one run measured. Latencies in microseconds. */
  record Result(
      String target,
      String tool,
      int sessions,
      long calls,
      long errors,
      double seconds,
      Histogram latencyMicros,
      String firstError,
      Map<String, Double> cpuMicrosPerCall,
      long callsIncludingWarmup) {

    double callsPerSecond() {
      return calls / seconds;
    }

    double p50() {
      return latencyMicros.getValueAtPercentile(50) / 1000.0;
    }

    double p99() {
      return latencyMicros.getValueAtPercentile(99) / 1000.0;
    }

    double p999() {
      return latencyMicros.getValueAtPercentile(99.9) / 1000.0;
    }
  }

  private LoadRun() {}

  /** Runs the load without counting CPU time. */
  static Result run(
      HttpClient http,
      String target,
      URI url,
      Map<String, String> headers,
      String tool,
      CallArguments arguments,
      int sessions,
      Duration warmup,
      Duration measure)
      throws InterruptedException {
    return run(http, target, url, headers, tool, arguments, sessions, warmup, measure, Map.of());
  }

  /**
   * As above, and counts the CPU time each of {@code processes} (name to pid) spends in the
   * measured window, per measured call.
   */
  static Result run(
      HttpClient http,
      String target,
      URI url,
      Map<String, String> headers,
      String tool,
      CallArguments arguments,
      int sessions,
      Duration warmup,
      Duration measure,
      Map<String, Long> processes)
      throws InterruptedException {
    List<Histogram> histograms = new ArrayList<>();
    AtomicLong errors = new AtomicLong();
    AtomicLong warmupCalls = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>();
    CountDownLatch ready = new CountDownLatch(sessions);
    CountDownLatch go = new CountDownLatch(1);
    long[] window = new long[2];
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < sessions; i++) {
      Histogram histogram = new Histogram(60_000_000L, 3);
      histograms.add(histogram);
      int index = i;
      threads.add(
          Thread.ofPlatform()
              .name("bench-session-" + i)
              .start(
                  () -> {
                    try (McpHttpSession session = new McpHttpSession(http, url, headers)) {
                      try {
                        session.open();
                        // The gateway opens its session with the worker on a session's first
                        // call; that belongs to opening, like the client's own handshake.
                        session.callTool(tool, arguments.json(index, -1));
                      } catch (Exception e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, "open: " + e.getMessage());
                        return;
                      } finally {
                        ready.countDown();
                      }
                      awaitQuietly(go);
                      long call = 0;
                      while (System.nanoTime() < window[0]) {
                        callOnce(
                            session, tool, arguments.json(index, call++), null, errors, firstError);
                      }
                      warmupCalls.addAndGet(call);
                      while (System.nanoTime() < window[1]) {
                        callOnce(
                            session,
                            tool,
                            arguments.json(index, call++),
                            histogram,
                            errors,
                            firstError);
                      }
                    }
                  }));
    }
    // Every session is open (and has called once) before the clock starts, so handshakes are not
    // in the figures.
    ready.await();
    long start = System.nanoTime() + warmup.toNanos();
    window[0] = start;
    window[1] = start + measure.toNanos();
    go.countDown();
    Map<String, Long> cpuAtStart = cpu(processes, start);
    Map<String, Long> cpuAtEnd = cpu(processes, window[1]);
    for (Thread thread : threads) {
      thread.join();
    }
    Histogram merged = new Histogram(60_000_000L, 3);
    histograms.forEach(merged::add);
    Map<String, Double> cpuPerCall = new LinkedHashMap<>();
    cpuAtEnd.forEach(
        (name, nanos) ->
            cpuPerCall.put(
                name,
                (nanos - cpuAtStart.get(name)) / 1000.0 / Math.max(1, merged.getTotalCount())));
    return new Result(
        target,
        tool,
        sessions,
        merged.getTotalCount(),
        errors.get(),
        measure.toNanos() / 1e9,
        merged,
        firstError.get(),
        cpuPerCall,
        merged.getTotalCount() + warmupCalls.get());
  }

  /** Sleeps until {@code at} (a nanoTime), then reads each process's CPU time. */
  private static Map<String, Long> cpu(Map<String, Long> processes, long at)
      throws InterruptedException {
    long wait = at - System.nanoTime();
    if (wait > 0) {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
    Map<String, Long> nanos = new LinkedHashMap<>();
    processes.forEach((name, pid) -> nanos.put(name, ProcessCpu.nanos(pid)));
    return nanos;
  }

  private static void callOnce(
      McpHttpSession session,
      String tool,
      String argumentsJson,
      Histogram histogram,
      AtomicLong errors,
      AtomicReference<String> firstError) {
    long begin = System.nanoTime();
    try {
      session.callTool(tool, argumentsJson);
      if (histogram != null) {
        histogram.recordValue(Math.max(1, (System.nanoTime() - begin) / 1000));
      }
    } catch (Exception e) {
      errors.incrementAndGet();
      firstError.compareAndSet(null, e.getMessage());
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
