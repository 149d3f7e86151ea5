package dev.toolgate.bench;

import dev.toolgate.testing.auth.AuthorizationServerProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.eclipse.jetty.client.HttpClient;

/**
 * The gateway benchmark driven from outside: Debian's {@code wrk} calls the echo tool directly on
 * the worker and through each gateway endpoint, with the same worker, gateway, config and tokens as
 * {@link GatewayBench}. Three shapes: one session over one connection, one session over 32
 * connections, 32 sessions with a connection each. The direct worker drifts over a long run, so
 * each round runs direct, {@code /mcp}, direct, passthrough, direct, and each gateway run is
 * compared with the mean of the two direct runs beside it.
 */
final class WrkBench {

  /**
   * @param coldRounds rounds run first and not recorded: the JIT is still compiling the gateway's
   *     hot path minutes into a run, and a p99 measured then is the JIT's
   */
  record Plan(
      int coldRounds, int rounds, Duration warmup, Duration measure, List<WrkRun.Shape> shapes) {
    static final List<WrkRun.Shape> SHAPES =
        List.of(
            new WrkRun.Shape("1 session, 1 connection", 1, 1, 1),
            new WrkRun.Shape("1 session, 32 connections", 2, 32, 1),
            new WrkRun.Shape("32 sessions, 1 connection each", 32, 32, 32));
    static final Plan FULL = new Plan(1, 3, Duration.ofSeconds(1), Duration.ofSeconds(4), SHAPES);
    static final Plan SMOKE =
        new Plan(
            0,
            1,
            Duration.ZERO,
            Duration.ofSeconds(1),
            List.of(SHAPES.get(0), new WrkRun.Shape("2 sessions, 1 connection each", 2, 2, 2)));
  }

  private static final String DIRECT = GatewayBench.DIRECT;
  private static final String AGGREGATED = GatewayBench.AGGREGATED;
  private static final String PASSTHROUGH = GatewayBench.PASSTHROUGH;

  /**
   * A place wrk calls: its URL, tool, where its tokens come from (a fresh one per run: a run of
   * minutes outlives one token) and the sessions opened there for it.
   */
  private record Endpoint(
      String name,
      URI url,
      String tool,
      java.util.function.Supplier<String> token,
      List<String> sessions) {}

  private WrkBench() {}

  static Path run(Plan plan, Path out, String command) throws Exception {
    if (!WrkRun.installed()) {
      throw new IllegalStateException(
          WrkRun.WRK + " is missing: install Debian's wrk (apt-get install wrk; .ci/run does)");
    }
    Path work = Files.createDirectories(RepoPaths.root().resolve("bench/target/wrk-bench"));
    Report report =
        new Report(
            "gateway-wrk", "Gateway overhead measured by an outside load generator (wrk)", command);
    int maxSessions = plan.shapes().stream().mapToInt(WrkRun.Shape::sessions).max().orElse(1);
    HttpClient http = new HttpClient();
    http.start();
    List<McpHttpSession> open = new ArrayList<>();
    try (GatewayRig rig = GatewayRig.start(work, http, List.of())) {
      ChildJvm worker = rig.worker();
      ChildJvm gateway = rig.gateway();
      AuthorizationServerProcess issuer = rig.issuer();
      GatewayBench.Tokens tokens = rig.tokens();
      URI aggregated = rig.aggregated();
      Map<String, String> headers = tokens.headers(aggregated);
      java.util.function.Supplier<String> token =
          () -> tokens.headers(aggregated).get("Authorization").substring("Bearer ".length());
      URI direct = URI.create(worker.url());
      URI passthrough = URI.create(gateway.url() + "/mcp/tools/bench/worker");
      Map<String, Endpoint> endpoints = new LinkedHashMap<>();
      endpoints.put(
          DIRECT,
          new Endpoint(
              DIRECT, direct, "echo", () -> null, open(http, direct, Map.of(), maxSessions, open)));
      endpoints.put(
          AGGREGATED,
          new Endpoint(
              AGGREGATED,
              aggregated,
              "bench.echo",
              token,
              open(http, aggregated, headers, maxSessions, open)));
      endpoints.put(
          PASSTHROUGH,
          new Endpoint(
              PASSTHROUGH,
              passthrough,
              "echo",
              token,
              open(http, passthrough, headers, maxSessions, open)));
      Map<String, Long> processes = new LinkedHashMap<>();
      processes.put("gateway", gateway.pid());
      processes.put("worker", worker.pid());

      List<WrkRun.Result> all = new ArrayList<>();
      List<Comparison> comparisons = new ArrayList<>();
      for (int round = -plan.coldRounds(); round < plan.rounds(); round++) {
        if (round < 0) {
          System.out.println("unrecorded round: warming the JIT up");
        }
        for (WrkRun.Shape shape : plan.shapes()) {
          List<WrkRun.Result> sequence = new ArrayList<>();
          for (String name : List.of(DIRECT, AGGREGATED, DIRECT, PASSTHROUGH, DIRECT)) {
            sequence.add(load(endpoints.get(name), shape, plan, processes));
          }
          if (round < 0) {
            continue;
          }
          all.addAll(sequence);
          comparisons.add(Comparison.of(sequence.get(1), sequence.get(0), sequence.get(2)));
          comparisons.add(Comparison.of(sequence.get(3), sequence.get(2), sequence.get(4)));
        }
      }
      describe(report, plan, all, comparisons, gateway, issuer, rig.traces());
    } finally {
      open.forEach(McpHttpSession::close);
      http.stop();
    }
    return report.write(out);
  }

  private static List<String> open(
      HttpClient http, URI url, Map<String, String> headers, int count, List<McpHttpSession> opened)
      throws Exception {
    List<McpHttpSession> sessions = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      McpHttpSession session = new McpHttpSession(http, url, headers);
      session.open();
      sessions.add(session);
      opened.add(session);
    }
    return WrkRun.ids(sessions);
  }

  private static WrkRun.Result load(
      Endpoint endpoint, WrkRun.Shape shape, Plan plan, Map<String, Long> processes)
      throws Exception {
    List<String> sessions = endpoint.sessions().subList(0, shape.sessions());
    String token = endpoint.token().get();
    if (!plan.warmup().isZero()) {
      WrkRun.run(
          endpoint.name(),
          shape,
          endpoint.url(),
          sessions,
          endpoint.tool(),
          token,
          plan.warmup(),
          Map.of());
    }
    WrkRun.Result result =
        WrkRun.run(
            endpoint.name(),
            shape,
            endpoint.url(),
            sessions,
            endpoint.tool(),
            token,
            plan.measure(),
            processes);
    System.out.printf(
        "%-20s %-32s %8.0f calls/s  p50 %.3f ms  p99 %.3f ms  errors %d  CPU µs/call %s%n",
        result.target(),
        shape.name(),
        result.callsPerSecond(),
        result.p50(),
        result.p99(),
        result.errors(),
        result.cpuMicrosPerCall());
    if (result.firstError() != null) {
      System.out.println("  first error: " + result.firstError());
    }
    return result;
  }

  /** A gateway run against the mean of the direct runs just before and just after it. */
  record Comparison(
      String target, String shape, double addedP50, double addedP99, double throughput) {
    static Comparison of(WrkRun.Result run, WrkRun.Result before, WrkRun.Result after) {
      return new Comparison(
          run.target(),
          run.shape(),
          run.p50() - (before.p50() + after.p50()) / 2,
          run.p99() - (before.p99() + after.p99()) / 2,
          run.callsPerSecond() / ((before.callsPerSecond() + after.callsPerSecond()) / 2));
    }
  }

  private static void describe(
      Report report,
      Plan plan,
      List<WrkRun.Result> all,
      List<Comparison> comparisons,
      ChildJvm gateway,
      AuthorizationServerProcess issuer,
      TraceCollector traces)
      throws Exception {
    report.section(
        "Method",
        """
        An outside load generator, Debian's `wrk` (%s), with `bench/wrk/tools-call.lua`: every
        request a `tools/call` of the echo tool in an MCP session the bench opened beforehand
        (initialize, notifications/initialized), ~200 bytes, arguments different on every call,
        every answer checked (an HTTP status other than 200 or an answer that is not a successful
        result counts as an error). Worker, gateway, config and token path as in
        `bench/run-gateway.sh`: the tool carries the whole policy chain (rate limits, budget, a
        cache that misses, loop detection, redaction, audit, metrics; %s) and every
        request a real RS256 access token from the test authorization server (%s), a fresh one for each
        wrk run. %d
        rounds after %d unrecorded (the JIT is still compiling minutes into a run); in each, for each shape, wrk runs %d ms unmeasured and then %d ms measured against
        direct, `/mcp`, direct, passthrough, direct in that order, and each gateway run is compared
        with the mean of the direct runs just before and after it (the worker drifts over a long
        run). Figures are medians over rounds. CPU per call: from /proc for the worker and the
        gateway, from bash's `times` for wrk.
        """
            .formatted(
                version(),
                traces == null ? "tracing off" : traces.describe(),
                issuer.issuer(),
                plan.rounds(),
                plan.coldRounds(),
                plan.warmup().toMillis(),
                plan.measure().toMillis()));
    List<List<String>> rows = new ArrayList<>();
    List<List<String>> cpuRows = new ArrayList<>();
    for (WrkRun.Shape shape : plan.shapes()) {
      for (String target : List.of(DIRECT, AGGREGATED, PASSTHROUGH)) {
        rows.add(
            List.of(
                target,
                shape.name(),
                Report.num(median(all, target, shape, WrkRun.Result::callsPerSecond)),
                Report.ms(median(all, target, shape, WrkRun.Result::p50)),
                Report.ms(median(all, target, shape, WrkRun.Result::p99)),
                Report.ms(median(all, target, shape, WrkRun.Result::p999)),
                String.valueOf(
                    all.stream()
                        .filter(r -> r.target().equals(target) && r.shape().equals(shape.name()))
                        .mapToLong(WrkRun.Result::errors)
                        .sum())));
        List<String> cpu = new ArrayList<>(List.of(target, shape.name()));
        for (String process : List.of("gateway", "worker", "wrk")) {
          cpu.add(
              Report.num(
                  median(
                      all,
                      target,
                      shape,
                      r -> r.cpuMicrosPerCall().getOrDefault(process, Double.NaN))));
        }
        cpuRows.add(cpu);
      }
    }
    report.section("Figures", "Latency in milliseconds, as wrk measures it.");
    report.table(List.of("target", "shape", "calls/s", "p50", "p99", "p99.9", "errors"), rows);
    report.section("CPU per call", "Microseconds of CPU per call, medians over rounds.");
    report.table(List.of("target", "shape", "gateway", "worker", "wrk"), cpuRows);

    List<List<String>> ratioRows = new ArrayList<>();
    Map<String, Object> ratioData = new LinkedHashMap<>();
    for (WrkRun.Shape shape : plan.shapes()) {
      for (String target : List.of(AGGREGATED, PASSTHROUGH)) {
        double p50 = medianOf(comparisons, target, shape, Comparison::addedP50);
        double p99 = medianOf(comparisons, target, shape, Comparison::addedP99);
        double throughput = medianOf(comparisons, target, shape, Comparison::throughput);
        ratioRows.add(
            List.of(
                target, shape.name(), Report.ms(p50), Report.ms(p99), Report.ratio(throughput)));
        ratioData.put(
            target + "@" + shape.name(),
            Map.of("addedP50Ms", p50, "addedP99Ms", p99, "throughputRatio", throughput));
      }
    }
    report.section(
        "Against the direct runs beside each gateway run",
        "Medians over rounds of each gateway run against the mean of its two direct neighbours.");
    report.table(
        List.of("target", "shape", "added p50 (ms)", "added p99 (ms)", "throughput vs direct"),
        ratioRows);

    WrkRun.Shape single = plan.shapes().getFirst();
    for (String target : List.of(AGGREGATED, PASSTHROUGH)) {
      double p50 = medianOf(comparisons, target, single, Comparison::addedP50);
      double p99 = medianOf(comparisons, target, single, Comparison::addedP99);
      report.target(
          "added p50 at most 0.15 ms at " + single.name() + " (" + target + ")",
          Report.ms(p50) + " ms",
          p50 <= 0.15);
      report.target(
          "added p99 at most 1 ms at " + single.name() + " (" + target + ")",
          Report.ms(p99) + " ms",
          p99 <= 1.0);
    }
    for (WrkRun.Shape shape : plan.shapes().subList(1, plan.shapes().size())) {
      for (String target : List.of(AGGREGATED, PASSTHROUGH)) {
        double throughput = medianOf(comparisons, target, shape, Comparison::throughput);
        report.target(
            "throughput at least 60% of direct at " + shape.name() + " (" + target + ")",
            Report.ratio(throughput),
            throughput >= 0.60);
      }
    }
    report.put("ratios", ratioData);
    report.put("gatewayHeapMiB", gateway.heapUsedAfterGcMiB());
    report.put("gatewayRssMiB", gateway.rssMiB());
    report.put(
        "runs",
        all.stream()
            .map(
                r ->
                    Map.of(
                        "target", r.target(),
                        "shape", r.shape(),
                        "callsPerSecond", r.callsPerSecond(),
                        "p50Ms", r.p50(),
                        "p99Ms", r.p99(),
                        "errors", r.errors()))
            .toList());
  }

  private static String version() {
    try {
      Process wrk =
          new ProcessBuilder(WrkRun.WRK.toString(), "-v").redirectErrorStream(true).start();
      String text = new String(wrk.getInputStream().readAllBytes()).strip();
      wrk.waitFor();
      return text.lines().findFirst().orElse("wrk");
    } catch (Exception e) {
      return "wrk";
    }
  }

  static double median(
      List<WrkRun.Result> results,
      String target,
      WrkRun.Shape shape,
      ToDoubleFunction<WrkRun.Result> figure) {
    return medianOfValues(
        results.stream()
            .filter(r -> r.target().equals(target) && r.shape().equals(shape.name()))
            .mapToDouble(figure)
            .toArray());
  }

  static double medianOf(
      List<Comparison> comparisons,
      String target,
      WrkRun.Shape shape,
      ToDoubleFunction<Comparison> figure) {
    return medianOfValues(
        comparisons.stream()
            .filter(c -> c.target().equals(target) && c.shape().equals(shape.name()))
            .mapToDouble(figure)
            .toArray());
  }

  private static double medianOfValues(double[] values) {
    return GatewayBench.median(values);
  }
}
