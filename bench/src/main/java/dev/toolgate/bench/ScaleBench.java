package dev.toolgate.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;

/**
 * The gateway at scale: many sessions held open at once, each as an agent leaves it between tasks
 * (it called a tool, then keeps its GET stream open for notifications), with the gateway's heap and
 * RSS before and after; then a steady call rate for minutes with those sessions still held,
 * sampling the gateway's heap after a full collection, to show memory stays flat and nothing fails.
 */
final class ScaleBench {

  /**
   * @param sessions sessions held open, each with its GET stream
   * @param sustain how long the steady call rate runs
   * @param callsPerSecond the steady call rate, spread over {@code callers} sessions
   * @param sampleEvery how often the gateway's heap is sampled during the steady run
   */
  record Plan(
      int sessions, Duration sustain, int callsPerSecond, int callers, Duration sampleEvery) {
    static final Plan FULL =
        new Plan(10_000, Duration.ofMinutes(10), 2_000, 8, Duration.ofSeconds(30));
    static final Plan SMOKE = new Plan(50, Duration.ofSeconds(4), 200, 2, Duration.ofSeconds(1));
  }

  /** One sample of the steady run. */
  record Sample(double minutes, long calls, long errors, double heapAfterGcMiB, double rssMiB) {}

  private static final long TOKEN_REFRESH_NANOS = TimeUnit.MINUTES.toNanos(2);

  private ScaleBench() {}

  static Path run(Plan plan, Path out, String command) throws Exception {
    Path work = Files.createDirectories(RepoPaths.root().resolve("bench/target/scale-bench"));
    Report report =
        new Report(
            "gateway-scale",
            "The gateway at scale: sessions held open, and a steady load for minutes",
            command);
    HttpClient http = new HttpClient();
    // Every held GET stream is a connection of its own, as with that many agents.
    http.setMaxConnectionsPerDestination(plan.sessions() + 64);
    http.setMaxRequestsQueuedPerDestination(plan.sessions() + 1024);
    http.start();
    List<McpHttpSession> sessions = new ArrayList<>();
    List<Request> streams = new ArrayList<>();
    // The bench is one client; real agents are many principals of 1,000 sessions each at most by
    // default.
    try (GatewayRig rig =
        GatewayRig.start(
            work, http, List.of("--max-sessions-per-client", String.valueOf(plan.sessions())))) {
      ChildJvm gateway = rig.gateway();
      URI url = rig.aggregated();
      Map<String, String> headers = rig.tokens().headers(url);
      double heapBefore = gateway.heapUsedAfterGcMiB();
      double rssBefore = gateway.rssMiB();

      long opening = System.nanoTime();
      AtomicInteger streamFailures = new AtomicInteger();
      AtomicReference<String> streamError = new AtomicReference<>();
      CountDownLatch streamsOpen = new CountDownLatch(plan.sessions());
      openAll(http, url, headers, plan.sessions(), sessions);
      for (McpHttpSession session : sessions) {
        streams.add(
            openStream(http, url, headers, session, streamsOpen, streamFailures, streamError));
      }
      if (!streamsOpen.await(5, TimeUnit.MINUTES)) {
        throw new IllegalStateException(
            streamsOpen.getCount() + " GET streams did not open; first error: " + streamError);
      }
      double openSeconds = (System.nanoTime() - opening) / 1e9;
      double heapHeld = gateway.heapUsedAfterGcMiB();
      double rssHeld = gateway.rssMiB();
      System.out.printf(
          "%d sessions with GET streams open in %.1f s: gateway heap %.0f -> %.0f MiB, RSS %.0f ->"
              + " %.0f MiB%n",
          plan.sessions(), openSeconds, heapBefore, heapHeld, rssBefore, rssHeld);

      List<Sample> samples = sustain(plan, sessions, gateway, () -> rig.tokens().headers(url));
      int stillOpen = plan.sessions() - streamFailures.get();
      describe(
          report,
          plan,
          openSeconds,
          heapBefore,
          rssBefore,
          heapHeld,
          rssHeld,
          samples,
          streamFailures.get(),
          streamError.get(),
          stillOpen);
    } finally {
      streams.forEach(r -> r.abort(new java.io.IOException("bench done")));
      sessions.forEach(McpHttpSession::close);
      http.stop();
    }
    return report.write(out);
  }

  /** Opens sessions from 32 threads: initialize, initialized, one call each, as an agent does. */
  private static void openAll(
      HttpClient http,
      URI url,
      Map<String, String> headers,
      int count,
      List<McpHttpSession> sessions)
      throws Exception {
    ConcurrentLinkedQueue<McpHttpSession> opened = new ConcurrentLinkedQueue<>();
    AtomicReference<Exception> failure = new AtomicReference<>();
    AtomicInteger next = new AtomicInteger();
    try (ExecutorService pool = Executors.newFixedThreadPool(32)) {
      for (int t = 0; t < 32; t++) {
        pool.execute(
            () -> {
              while (next.getAndIncrement() < count && failure.get() == null) {
                McpHttpSession session = new McpHttpSession(http, url, headers);
                try {
                  session.open();
                  session.callTool("bench.echo", CallArguments.DIFFERENT.json(0, next.get()));
                  opened.add(session);
                } catch (Exception e) {
                  failure.compareAndSet(null, e);
                }
              }
            });
      }
    }
    if (failure.get() != null) {
      throw new IllegalStateException(
          "opening session " + (opened.size() + 1) + " failed", failure.get());
    }
    sessions.addAll(opened);
  }

  /** A GET stream that stays open; counted open once its 200 headers arrive. */
  private static Request openStream(
      HttpClient http,
      URI url,
      Map<String, String> headers,
      McpHttpSession session,
      CountDownLatch open,
      AtomicInteger failures,
      AtomicReference<String> firstError) {
    Request request =
        http.newRequest(url)
            .method(HttpMethod.GET)
            .idleTimeout(1, TimeUnit.HOURS)
            .headers(
                h -> {
                  h.put(HttpHeader.ACCEPT, "text/event-stream");
                  h.put("Mcp-Session-Id", session.sessionId());
                  h.put("MCP-Protocol-Version", McpHttpSession.PROTOCOL_VERSION);
                  headers.forEach(h::put);
                });
    java.util.concurrent.atomic.AtomicBoolean counted =
        new java.util.concurrent.atomic.AtomicBoolean();
    request
        .onResponseHeaders(
            response -> {
              if (response.getStatus() != 200) {
                failures.incrementAndGet();
                firstError.compareAndSet(null, "GET answered " + response.getStatus());
              }
              if (counted.compareAndSet(false, true)) {
                open.countDown();
              }
            })
        .send(
            (Result result) -> {
              // A stream ends only when the bench aborts it; anything else is a failure.
              if (counted.compareAndSet(false, true)) {
                open.countDown();
              }
              boolean refused =
                  result.getResponse() != null && result.getResponse().getStatus() != 200;
              if (result.getRequest().getAbortCause() == null && !refused) {
                failures.incrementAndGet();
                firstError.compareAndSet(
                    null, "stream ended: " + result.getFailure() + " " + result.getResponse());
              }
            });
    return request;
  }

  /**
   * Calls at the plan's rate from {@code callers} of the held sessions for the plan's duration,
   * sampling the gateway's memory as it goes.
   */
  private static List<Sample> sustain(
      Plan plan,
      List<McpHttpSession> sessions,
      ChildJvm gateway,
      java.util.function.Supplier<Map<String, String>> freshHeaders)
      throws Exception {
    AtomicLong calls = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>();
    long start = System.nanoTime();
    long end = start + plan.sustain().toNanos();
    long intervalNanos = TimeUnit.SECONDS.toNanos(1) * plan.callers() / plan.callsPerSecond();
    List<Thread> callers = new ArrayList<>();
    for (int c = 0; c < plan.callers(); c++) {
      McpHttpSession session = sessions.get(c);
      int index = c;
      callers.add(
          Thread.ofPlatform()
              .name("scale-caller-" + c)
              .start(
                  () -> {
                    long due = start + intervalNanos * index / plan.callers();
                    long call = 0;
                    long refresh = start + TOKEN_REFRESH_NANOS;
                    while (due < end) {
                      if (System.nanoTime() > refresh) {
                        // A new token before the old one expires (5 minutes), as an agent does.
                        session.useHeaders(freshHeaders.get());
                        refresh += TOKEN_REFRESH_NANOS;
                      }
                      long wait = due - System.nanoTime();
                      if (wait > 0) {
                        LockSupport.parkNanos(wait);
                      }
                      try {
                        session.callTool("bench.echo", CallArguments.DIFFERENT.json(index, call++));
                        calls.incrementAndGet();
                      } catch (Exception e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, e.getMessage());
                      }
                      due += intervalNanos;
                    }
                  }));
    }
    List<Sample> samples = new ArrayList<>();
    for (long at = start + plan.sampleEvery().toNanos();
        at <= end;
        at += plan.sampleEvery().toNanos()) {
      long wait = at - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      Sample sample =
          new Sample(
              (System.nanoTime() - start) / 60e9,
              calls.get(),
              errors.get(),
              gateway.heapUsedAfterGcMiB(),
              gateway.rssMiB());
      samples.add(sample);
      System.out.printf(
          "%5.1f min: %d calls, %d errors, gateway heap after GC %.1f MiB, RSS %.0f MiB%n",
          sample.minutes(),
          sample.calls(),
          sample.errors(),
          sample.heapAfterGcMiB(),
          sample.rssMiB());
    }
    for (Thread caller : callers) {
      caller.join();
    }
    if (firstError.get() != null) {
      System.out.println("first error: " + firstError.get());
    }
    samples.add(
        new Sample(
            (System.nanoTime() - start) / 60e9,
            calls.get(),
            errors.get(),
            gateway.heapUsedAfterGcMiB(),
            gateway.rssMiB()));
    return samples;
  }

  /** Least-squares slope of heap after GC against minutes, over the samples after the first. */
  static double heapGrowthPerMinute(List<Sample> samples) {
    List<Sample> settled = samples.size() > 2 ? samples.subList(1, samples.size()) : samples;
    double n = settled.size();
    double meanX = settled.stream().mapToDouble(Sample::minutes).sum() / n;
    double meanY = settled.stream().mapToDouble(Sample::heapAfterGcMiB).sum() / n;
    double num = 0;
    double den = 0;
    for (Sample s : settled) {
      num += (s.minutes() - meanX) * (s.heapAfterGcMiB() - meanY);
      den += (s.minutes() - meanX) * (s.minutes() - meanX);
    }
    return den == 0 ? 0 : num / den;
  }

  private static void describe(
      Report report,
      Plan plan,
      double openSeconds,
      double heapBefore,
      double rssBefore,
      double heapHeld,
      double rssHeld,
      List<Sample> samples,
      int streamFailures,
      String streamError,
      int stillOpen) {
    report.section(
        "Method",
        """
        Worker, gateway (heap %s), config and token path as in `bench/run-gateway.sh`; the gateway
        runs with `--max-sessions-per-client %d` because the bench is one client. %,d sessions are
        opened from 32 threads, each as an agent does it (initialize, notifications/initialized,
        one `tools/call` of the policy-chain tool, so the session also holds a session with the
        worker), then each opens its GET stream and keeps it; the gateway sends each stream
        keep-alives. Heap is measured after a full collection (`jcmd GC.run`, then
        `GC.heap_info`), RSS from /proc. Then, with every stream still open, %d of the sessions call
        the tool at %,d calls/s in all (paced, arguments different every call) for %d s, and the
        gateway's heap after a full collection is sampled every %d s.
        """
            .formatted(
                String.join(" ", GatewayBench.CHILD_JVM),
                plan.sessions(),
                plan.sessions(),
                plan.callers(),
                plan.callsPerSecond(),
                plan.sustain().toSeconds(),
                plan.sampleEvery().toSeconds()));
    report.section("Sessions held open", "");
    report.table(
        List.of("", "sessions", "gateway heap after GC (MiB)", "gateway RSS (MiB)"),
        List.of(
            List.of("before", "0", Report.num(heapBefore), Report.num(rssBefore)),
            List.of(
                "held, each with a GET stream",
                String.format("%,d", plan.sessions()),
                Report.num(heapHeld),
                Report.num(rssHeld))));
    double perSessionKiB = (heapHeld - heapBefore) * 1024 / plan.sessions();
    report.section(
        "Steady load",
        "Sessions opened with their streams in %.1f s; heap per held session about %.1f KiB."
            .formatted(openSeconds, perSessionKiB));
    List<List<String>> rows = new ArrayList<>();
    for (Sample s : samples) {
      rows.add(
          List.of(
              String.format("%.1f", s.minutes()),
              String.valueOf(s.calls()),
              String.valueOf(s.errors()),
              String.format("%.1f", s.heapAfterGcMiB()),
              Report.num(s.rssMiB())));
    }
    report.table(
        List.of("minutes", "calls", "errors", "gateway heap after GC (MiB)", "RSS (MiB)"), rows);
    Sample last = samples.getLast();
    double growth = heapGrowthPerMinute(samples);
    double seconds = plan.sustain().toNanos() / 1e9;
    report.target(
        String.format("%,d sessions held open with GET streams", plan.sessions()),
        String.format(
            "%,d held (%d streams failed%s); heap %.0f -> %.0f MiB, RSS %.0f -> %.0f MiB",
            stillOpen,
            streamFailures,
            streamError == null ? "" : ": " + streamError,
            heapBefore,
            heapHeld,
            rssBefore,
            rssHeld),
        streamFailures == 0);
    report.target(
        String.format(
            "%,d calls/s sustained for %d s with zero errors",
            plan.callsPerSecond(), (long) seconds),
        String.format(
            "%,d calls (%.0f/s), %d errors", last.calls(), last.calls() / seconds, last.errors()),
        last.errors() == 0 && last.calls() >= 0.95 * plan.callsPerSecond() * seconds);
    // Flat: what the heap after GC gains over the run by its trend stays under 2 MiB.
    report.target(
        "flat memory: heap after GC does not grow over the steady run",
        String.format(
            "%.2f MiB per minute by least squares over the samples after the first (%.1f -> %.1f"
                + " MiB)",
            growth, samples.getFirst().heapAfterGcMiB(), last.heapAfterGcMiB()),
        growth * plan.sustain().toSeconds() / 60.0 < 2.0);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("sessions", plan.sessions());
    data.put("heapBeforeMiB", heapBefore);
    data.put("heapHeldMiB", heapHeld);
    data.put("rssBeforeMiB", rssBefore);
    data.put("rssHeldMiB", rssHeld);
    data.put("streamFailures", streamFailures);
    data.put("heapGrowthMiBPerMinute", growth);
    data.put("calls", last.calls());
    data.put("errors", last.errors());
    report.put("scale", data);
  }
}
