package dev.toolgate.bench;

import dev.toolgate.testing.auth.AuthorizationServerProcess;
import dev.toolgate.testing.servers.RedisServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.eclipse.jetty.client.HttpClient;

/**
 * What the gateway costs per call: the same echo tool called directly on the worker and through the
 * gateway (aggregated and passthrough endpoints) at 1, 8 and 32 sessions, in rounds that alternate
 * the targets so drift on the shared cores hits all of them alike. The worker and the gateway run
 * as separate JVMs, the gateway as its packaged jar. Calls through the gateway carry a real signed
 * access token: the gateway trusts the test authorization server (Spring Authorization Server, in
 * its own JVM) and the driver sends its client-credentials tokens, so verification, the scope check
 * and the worker's identity token are on the path.
 */
public final class GatewayBench {

  static final String AGGREGATED = "gateway /mcp";
  static final String PASSTHROUGH = "gateway passthrough";
  static final String DIRECT = "direct";
  static final String BARE = "gateway /mcp, no policy";
  static final String LIMITED = "gateway /mcp, rate limit + cache";
  static final String REDIS = "gateway /mcp, Redis state";
  static final String CACHE_HIT = "gateway cache hit";
  static final List<String> CHILD_JVM = List.of("-XX:+UseG1GC", "-Xms256m", "-Xmx256m");

  /**
   * How long and how much to measure.
   *
   * @param coldRounds rounds run first and not recorded, so the JIT has compiled the hot path
   */
  record Plan(
      int coldRounds, int rounds, List<Integer> sessions, Duration warmup, Duration measure) {
    static final Plan FULL =
        new Plan(1, 5, List.of(1, 8, 32), Duration.ofSeconds(1), Duration.ofSeconds(4));

    /** Seconds; its unrecorded first round warms every gateway up (the Redis one starts cold). */
    static final Plan SMOKE =
        new Plan(1, 1, List.of(1, 2), Duration.ofMillis(200), Duration.ofMillis(500));

    /** About a minute at the load of the throughput target, for trying out a change. */
    static final Plan QUICK =
        new Plan(1, 3, List.of(32), Duration.ofSeconds(1), Duration.ofSeconds(4));
  }

  /**
   * A second gateway jar to measure side by side with the packaged one ({@code --quick} only): an
   * A/B comparison of a change in one run, immune to what else the shared machine is doing.
   */
  static final String BASELINE_JAR_ENV = "TOOLGATE_BENCH_BASELINE_JAR";

  /** Extra JVM options for the gateway(s), e.g. {@code -XX:+PreserveFramePointer} for perf. */
  static final String GATEWAY_JVM_OPTS_ENV = "TOOLGATE_BENCH_GATEWAY_JVM_OPTS";

  /** Extra JVM options for the bench worker, e.g. a profiler agent. */
  static final String WORKER_JVM_OPTS_ENV = "TOOLGATE_BENCH_WORKER_JVM_OPTS";

  static final String BASELINE = "baseline /mcp";

  /**
   * {@code true} runs the gateway(s) without an auth section and the driver without tokens, as
   * before authentication existed: to see what the token path costs, or to compare with a baseline
   * jar from before it.
   */
  static final String ANONYMOUS_ENV = "TOOLGATE_BENCH_ANONYMOUS";

  private static final String CLIENT_ID = "bench-agent";
  private static final String CLIENT_SECRET = "bench-agent-secret";
  private static final List<String> SCOPES =
      List.of(
          "bench.echo",
          "bench.agents",
          "bare.echo",
          "limited.echo",
          "bench.work",
          "cached.work",
          "toolgate:passthrough:bench/worker");

  /**
   * The gateway's config: {@code bench.echo} carries the whole policy chain (a rate limit per
   * caller and per McpScope, a cost charged to the McpScope's budget, a result cache that the
   * bench's ever-changing arguments always miss, loop detection by default, a redaction pattern
   * besides the built-in detectors), with limits far above any load so every call passes every
   * stage; {@code bare.echo} is the same tool of the same worker with no policy at all, to show
   * what the stages cost, and {@code limited.echo} the same tool with only a rate limit per caller
   * and a result cache (a lookup that misses and a store), the two stages whose cost the policy
   * issue sets a target for. {@code %1$s} is the auth section, the rest the worker's URL.
   */
  private static final String CONFIG =
      """
      version: toolgate.dev/gateway-config/v1
      %1$supstreams:
      - id: bench/worker
        url: %2$s
        passthroughPath: /mcp/tools/bench/worker
        toolPrefix: bench
        timeout: 30s
        redaction:
          patterns: ["tg-bench-[0-9a-f]{32}"]
        tools:
        - name: echo
          exposedName: bench.echo
          scopes: [bench.agents, bench.echo]
          rateLimit: {requests: 1000000000, period: 1s}
          cost: 1
          idempotent: true
          cache: {ttl: 5m}
        - {name: work, exposedName: bench.work, scopes: [bench.work], idempotent: true}
        passthroughScopes: [toolgate:passthrough:bench/worker]
      - id: bench/bare
        url: %3$s
        passthroughPath: /mcp/tools/bench/bare
        toolPrefix: bare
        timeout: 30s
        tools:
        - {name: echo, exposedName: bare.echo, scopes: [bare.echo]}
      - id: bench/limited
        url: %3$s
        passthroughPath: /mcp/tools/bench/limited
        toolPrefix: limited
        timeout: 30s
        tools:
        - name: echo
          exposedName: limited.echo
          scopes: [limited.echo]
          rateLimit: {requests: 1000000000, period: 1s}
          idempotent: true
          cache: {ttl: 5m}
          loopDetection: {maxRepeats: 0}
      - id: bench/cached
        url: %4$s
        passthroughPath: /mcp/tools/bench/cached
        toolPrefix: cached
        timeout: 30s
        tools:
        - {name: work, exposedName: cached.work, scopes: [cached.work], idempotent: true, cache: {ttl: 5m}}
      scopes:
      - scope: bench.agents
        source: bench/agents
        tools: [bench.echo]
        rateLimit: {requests: 1000000000, period: 1s}
        budget: {units: 2000000000, period: 24h}
      """;

  private GatewayBench() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "";
    if (mode.startsWith("--scale")) {
      boolean smoke = mode.equals("--scale-smoke");
      Path out = RepoPaths.root().resolve(smoke ? "bench/target/results" : "bench/results");
      System.out.println(
          "report: "
              + ScaleBench.run(
                  smoke ? ScaleBench.Plan.SMOKE : ScaleBench.Plan.FULL,
                  out,
                  "bench/run-gateway.sh " + mode));
      return;
    }
    if (mode.startsWith("--wrk")) {
      boolean smoke = mode.equals("--wrk-smoke");
      Path out = RepoPaths.root().resolve(smoke ? "bench/target/results" : "bench/results");
      System.out.println(
          "report: "
              + WrkBench.run(
                  smoke ? WrkBench.Plan.SMOKE : WrkBench.Plan.FULL,
                  out,
                  "bench/run-gateway.sh " + mode));
      return;
    }
    Plan plan =
        switch (mode) {
          case "" -> Plan.FULL;
          case "--smoke" -> Plan.SMOKE;
          case "--quick" -> Plan.QUICK;
          default ->
              throw new IllegalArgumentException(
                  "usage: run-gateway.sh [--smoke|--quick|--wrk|--wrk-smoke|--scale|--scale-smoke]");
        };
    // Only full runs are reports to keep; the others go to bench/target/results.
    Path out = RepoPaths.root().resolve(mode.isEmpty() ? "bench/results" : "bench/target/results");
    Path report = run(plan, out, ("bench/run-gateway.sh " + mode).trim());
    System.out.println("report: " + report);
  }

  /** One thing to measure: a URL, the tool called there, its tokens and its arguments. */
  record Target(String name, URI url, String tool, Tokens tokens, CallArguments arguments) {}

  static Path run(Plan plan, Path out, String command) throws Exception {
    Path work = Files.createDirectories(RepoPaths.root().resolve("bench/target/gateway-bench"));
    Report report =
        new Report(
            "gateway",
            "Gateway overhead: direct worker calls against calls through Toolgate",
            command);
    boolean anonymous = "true".equalsIgnoreCase(System.getenv(ANONYMOUS_ENV));
    // Redis-backed limits and cache: in full and smoke runs, where a redis-server is installed.
    boolean redis = plan != Plan.QUICK && RedisServer.installed();
    HttpClient http = new HttpClient();
    http.setMaxConnectionsPerDestination(256);
    http.start();
    try (AuthorizationServerProcess issuer = anonymous ? null : startIssuer(work);
        TraceCollector traces = TraceCollector.start(work);
        RedisServer redisServer = redis ? RedisServer.start() : null;
        ChildJvm worker =
            ChildJvm.start(
                BenchWorker.class.getName(),
                workerJvm(),
                List.of("0"),
                work.resolve("worker.log"));
        ChildJvm gateway =
            startGateway(
                worker.url(),
                work,
                "gateway",
                RepoPaths.jar("gateway", "toolgate-gateway.jar"),
                issuer,
                List.of(),
                traces);
        ChildJvm redisGateway =
            redisServer == null
                ? null
                : startGateway(
                    worker.url(),
                    work,
                    "redis-gateway",
                    RepoPaths.jar("gateway", "toolgate-gateway.jar"),
                    issuer,
                    List.of(
                        "--redis-url",
                        redisServer.url(),
                        "--limits-backend",
                        "redis",
                        "--cache-backend",
                        "redis"),
                    traces);
        ChildJvm baseline =
            plan == Plan.QUICK && System.getenv(BASELINE_JAR_ENV) != null
                ? startGateway(
                    worker.url(),
                    work,
                    "baseline",
                    Path.of(System.getenv(BASELINE_JAR_ENV)),
                    issuer,
                    List.of(),
                    traces)
                : null) {
      Tokens tokens = new Tokens(issuer);
      List<Target> targets = new ArrayList<>();
      targets.add(
          new Target(
              DIRECT, URI.create(worker.url()), "echo", Tokens.NONE, CallArguments.DIFFERENT));
      URI aggregated = URI.create(gateway.url() + "/mcp");
      targets.add(
          new Target(AGGREGATED, aggregated, "bench.echo", tokens, CallArguments.DIFFERENT));
      targets.add(
          new Target(
              PASSTHROUGH,
              URI.create(gateway.url() + "/mcp/tools/bench/worker"),
              "echo",
              tokens,
              CallArguments.DIFFERENT));
      targets.add(new Target(BARE, aggregated, "bare.echo", tokens, CallArguments.DIFFERENT));
      targets.add(new Target(LIMITED, aggregated, "limited.echo", tokens, CallArguments.DIFFERENT));
      Map<String, Long> processes = new LinkedHashMap<>();
      processes.put("gateway", gateway.pid());
      processes.put("worker", worker.pid());
      processes.put("driver", ProcessHandle.current().pid());
      awaitRoutable(http, aggregated, tokens.headers(aggregated));
      if (redisGateway != null) {
        URI url = URI.create(redisGateway.url() + "/mcp");
        awaitRoutable(http, url, tokens.headers(url));
        targets.add(new Target(REDIS, url, "bench.echo", tokens, CallArguments.DIFFERENT));
        processes.put("redis gateway", redisGateway.pid());
      }
      if (baseline != null) {
        URI url = URI.create(baseline.url() + "/mcp");
        awaitRoutable(http, url, tokens.headers(url));
        targets.add(new Target(BASELINE, url, "bench.echo", tokens, CallArguments.DIFFERENT));
        processes.put("baseline", baseline.pid());
      }
      RedisCommands redisCommands = redisServer == null ? null : new RedisCommands(redisServer);

      List<LoadRun.Result> all = new ArrayList<>();
      List<LoadRun.Result> cold = new ArrayList<>();
      for (int round = -plan.coldRounds(); round < plan.rounds(); round++) {
        List<LoadRun.Result> record = round < 0 ? cold : all;
        for (int sessions : plan.sessions()) {
          List<Target> order = new ArrayList<>(targets);
          // Rotate who goes first, so no target always runs on a warmer or colder machine.
          java.util.Collections.rotate(order, round + plan.coldRounds());
          for (Target target : order) {
            boolean counted = redisCommands != null && target.name().equals(REDIS);
            if (counted) {
              redisCommands.mark();
            }
            LoadRun.Result result = load(http, target, sessions, plan, processes);
            if (counted) {
              redisCommands.count(result.callsIncludingWarmup());
            }
            record.add(result);
          }
        }
      }
      List<LoadRun.Result> work1ms = new ArrayList<>();
      // A quick run is about throughput; the 1 ms tool is left to full runs.
      int workRounds = plan == Plan.QUICK ? 0 : plan.rounds();
      for (int round = 0; round < workRounds; round++) {
        work1ms.add(
            load(
                http,
                new Target(
                    "direct work",
                    URI.create(worker.url()),
                    "work",
                    Tokens.NONE,
                    CallArguments.SAME),
                1,
                plan,
                Map.of()));
        work1ms.add(
            load(
                http,
                new Target("gateway work", aggregated, "bench.work", tokens, CallArguments.SAME),
                1,
                plan,
                Map.of()));
        // The same tool behind a cache: every call after the first is a hit (same arguments).
        work1ms.add(
            load(
                http,
                new Target(CACHE_HIT, aggregated, "cached.work", tokens, CallArguments.SAME),
                1,
                plan,
                Map.of()));
      }
      describe(report, plan, all, work1ms, gateway, worker, issuer != null, redisCommands, traces);
      if (baseline != null) {
        System.out.printf(
            "median calls/s at %d sessions: %s %.0f, %s %.0f, %s %.0f%n",
            plan.sessions().getLast(),
            DIRECT,
            median(all, DIRECT, plan.sessions().getLast(), LoadRun.Result::callsPerSecond),
            BASELINE,
            median(all, BASELINE, plan.sessions().getLast(), LoadRun.Result::callsPerSecond),
            AGGREGATED,
            median(all, AGGREGATED, plan.sessions().getLast(), LoadRun.Result::callsPerSecond));
      }
    } finally {
      http.stop();
    }
    return report.write(out);
  }

  /** The test authorization server, with one agent allowed the bench's scopes. */
  static AuthorizationServerProcess startIssuer(Path work)
      throws IOException, InterruptedException {
    return AuthorizationServerProcess.builder()
        .jar(
            RepoPaths.jar("testing/authorization-server", "toolgate-test-authorization-server.jar"))
        .confidentialClient(CLIENT_ID, CLIENT_SECRET, SCOPES.toArray(String[]::new))
        .logFile(work.resolve("authorization-server.log"))
        .start();
  }

  /**
   * The driver's tokens: a fresh client-credentials token from the authorization server for each
   * measured load (so none expires during a long run), fetched before its sessions open; the
   * gateway verifies it once, on the first request of the warm-up, and finds it in its cache after.
   */
  record Tokens(AuthorizationServerProcess issuer) {

    static final Tokens NONE = new Tokens(null);

    /** The headers of requests to {@code url}: a bearer token for the gateway's canonical URL. */
    Map<String, String> headers(URI url) {
      if (issuer == null) {
        return Map.of();
      }
      try {
        return Map.of(
            "Authorization",
            issuer
                .clientCredentialsToken(
                    CLIENT_ID,
                    CLIENT_SECRET,
                    SCOPES,
                    url.getScheme() + "://" + url.getRawAuthority() + "/mcp")
                .authorizationHeader());
      } catch (IOException e) {
        throw new IllegalStateException("no token from the authorization server", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** The bench worker's JVM options: {@link #CHILD_JVM} and {@value #WORKER_JVM_OPTS_ENV}. */
  static List<String> workerJvm() {
    return withOptionsFrom(WORKER_JVM_OPTS_ENV);
  }

  /** {@link #CHILD_JVM} and the options in the variable {@code env}, split at spaces. */
  private static List<String> withOptionsFrom(String env) {
    List<String> args = new ArrayList<>(CHILD_JVM);
    String extra = System.getenv(env);
    if (extra != null && !extra.isBlank()) {
      args.addAll(List.of(extra.trim().split("\\s+")));
    }
    return args;
  }

  /**
   * @param issuer the authorization server whose tokens the gateway requires; null for a gateway
   *     without an auth section that serves callers without a token
   */
  static ChildJvm startGateway(
      String workerUrl,
      Path work,
      String name,
      Path jar,
      AuthorizationServerProcess issuer,
      List<String> flags,
      TraceCollector traces)
      throws IOException {
    int port = freePort();
    String auth =
        issuer == null
            ? ""
            : """
              auth:
                audience: http://127.0.0.1:%d/mcp
                issuers:
                - issuer: %s
              """
                .formatted(port, issuer.issuer());
    Path config = work.resolve(name + "-config.yaml");
    Files.writeString(config, CONFIG.formatted(auth, workerUrl, workerUrl, workerUrl));
    List<String> args = withOptionsFrom(GATEWAY_JVM_OPTS_ENV);
    args.addAll(
        List.of(
            "-Dlogback.configurationFile="
                + RepoPaths.root().resolve("gateway/src/main/resources/logback.xml"),
            "-jar",
            jar.toString(),
            "--config",
            config.toString(),
            "--host",
            "127.0.0.1",
            "--port",
            String.valueOf(port)));
    args.addAll(flags);
    // Variables, not flags, so a baseline jar from before these settings starts as well: an admin
    // port and an audit spool of this process's own (the defaults are one per machine).
    Map<String, String> env = new java.util.HashMap<>();
    env.put("TOOLGATE_ADMIN_PORT", "0");
    // A fresh audit spool and store each run: a store that kept every earlier run's rows would
    // make each run slower than the last.
    Path audit = work.resolve(name + "-audit");
    deleteTree(audit);
    env.put("TOOLGATE_AUDIT_DIR", audit.toString());
    if (traces != null) {
      env.putAll(traces.gatewayEnvironment());
    }
    if (issuer == null) {
      // Without an auth section the gateway serves no one unless told to.
      env.put("TOOLGATE_ALLOW_ANONYMOUS", "true");
    }
    return ChildJvm.start(
        args, env, work.resolve(name + ".log"), URI.create("http://127.0.0.1:" + port + "/readyz"));
  }

  /** The gateway discovers the worker's tools in the background; wait until a call goes through. */
  static void awaitRoutable(HttpClient http, URI aggregated, Map<String, String> headers)
      throws Exception {
    awaitRoutable(http, aggregated, headers, "bench.echo");
    awaitRoutable(http, aggregated, headers, "cached.work");
    awaitRoutable(http, aggregated, headers, "limited.echo");
  }

  private static void awaitRoutable(
      HttpClient http, URI aggregated, Map<String, String> headers, String tool) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    IOException last = null;
    while (System.nanoTime() < deadline) {
      try (McpHttpSession session = new McpHttpSession(http, aggregated, headers)) {
        session.open();
        session.callTool(tool, CallArguments.SAME.json(0, 0));
        return;
      } catch (IOException e) {
        last = e;
        Thread.sleep(200);
      }
    }
    throw new IOException("the gateway never routed " + tool, last);
  }

  private static LoadRun.Result load(
      HttpClient http, Target target, int sessions, Plan plan, Map<String, Long> processes) {
    try {
      LoadRun.Result result =
          LoadRun.run(
              http,
              target.name(),
              target.url(),
              target.tokens().headers(target.url()),
              target.tool(),
              target.arguments(),
              sessions,
              plan.warmup(),
              plan.measure(),
              processes);
      System.out.printf(
          "%-26s %-11s %2d sessions: %8.0f calls/s  p50 %.3f ms  p99 %.3f ms  errors %d  CPU µs/call"
              + " %s%n",
          target.name(),
          target.tool(),
          sessions,
          result.callsPerSecond(),
          result.p50(),
          result.p99(),
          result.errors(),
          result.cpuMicrosPerCall());
      if (result.firstError() != null) {
        System.out.println("  first error: " + result.firstError());
      }
      return result;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The process that serves a target: its own gateway for the Redis and baseline targets. */
  static String gatewayOf(String target) {
    return switch (target) {
      case REDIS -> "redis gateway";
      case BASELINE -> "baseline";
      default -> "gateway";
    };
  }

  /** The median CPU per call one process spent on a target; NaN where not measured. */
  static double cpuPerCall(
      List<LoadRun.Result> results, String target, int sessions, String process) {
    return median(
        results, target, sessions, r -> r.cpuMicrosPerCall().getOrDefault(process, Double.NaN));
  }

  /** A target against the direct call at the same session count, medians over rounds. */
  record VsDirect(double addedP50, double addedP99, double throughput) {}

  static VsDirect vsDirect(List<LoadRun.Result> results, String target, int sessions) {
    return new VsDirect(
        median(results, target, sessions, LoadRun.Result::p50)
            - median(results, DIRECT, sessions, LoadRun.Result::p50),
        median(results, target, sessions, LoadRun.Result::p99)
            - median(results, DIRECT, sessions, LoadRun.Result::p99),
        median(results, target, sessions, LoadRun.Result::callsPerSecond)
            / median(results, DIRECT, sessions, LoadRun.Result::callsPerSecond));
  }

  /** The median over rounds of one figure of one target at one session count. */
  static double median(
      List<LoadRun.Result> results,
      String target,
      int sessions,
      ToDoubleFunction<LoadRun.Result> figure) {
    return median(
        results.stream()
            .filter(r -> r.target().equals(target) && r.sessions() == sessions)
            .mapToDouble(figure)
            .toArray());
  }

  /** The median of some values, NaN for none. */
  static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return sorted.length % 2 == 1
        ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  }

  private static void describe(
      Report report,
      Plan plan,
      List<LoadRun.Result> all,
      List<LoadRun.Result> work1ms,
      ChildJvm gateway,
      ChildJvm worker,
      boolean tokenPath,
      RedisCommands redisCommands,
      TraceCollector traces)
      throws IOException, InterruptedException {
    String tracing =
        traces == null
            ? "Tracing is off (`" + TraceCollector.SAMPLE_RATIO_ENV + "=off`)."
            : "Every gateway has " + traces.describe() + ".";
    List<String> measured =
        java.util.stream.Stream.of(DIRECT, AGGREGATED, PASSTHROUGH, BARE, LIMITED, REDIS, BASELINE)
            .filter(t -> all.stream().anyMatch(r -> r.target().equals(t)))
            .toList();
    report.section(
        "Method",
        """
        Closed loop: each session opens an MCP session (initialize, notifications/initialized),
        then calls one tool back to back with a ~200-byte request over a pooled Jetty HttpClient
        (HTTP/1.1 keep-alive, loopback). Worker: MCP Java SDK Streamable HTTP servlet transport on
        Jetty (`BenchWorker`). Gateway: `gateway/target/toolgate-gateway.jar`. Both in their own JVMs
        (%s); driver, gateway and worker share the machine's cores. %d rounds after %d unrecorded
        (the JIT compiles the hot path in those: minutes, not seconds); in each, every
        session count runs every target for %d ms after %d ms of warm-up, in an order that rotates
        per round. Figures are medians over rounds. Every answer is checked; errors are counted,
        never timed. The arguments differ on every call (same length), so the result cache always
        misses and no two calls look like a loop: the policy stages do their full work each time.

        **Policy chain on.** `gateway /mcp` and `gateway passthrough` call a tool with every
        policy stage in force: a rate limit per caller on the tool and on its McpScope, a cost
        charged to the McpScope's budget, the result cache (a lookup that misses, then a store of
        the redacted answer), loop detection, redaction (the built-in detectors and a pattern of the
        tool's), the audit log (spool, JSON lines on stdout, the embedded store) and metrics; the
        limits are far above the load, so every call passes every stage. `gateway /mcp, no policy`
        is the same tool of the same worker with none of that declared (the audit and metrics still
        record it); `gateway /mcp, rate limit + cache` is that tool again with only a rate limit per
        caller and the result cache (loop detection off), the two stages the policy issue's 10 µs
        target is about. `gateway /mcp, Redis state` (full runs, where Debian's redis-server is
        installed) is a second gateway with the same config keeping limits, budgets and the cache in
        a local Redis. %s

        %s
        """
            .formatted(
                String.join(" ", CHILD_JVM),
                plan.rounds(),
                plan.coldRounds(),
                plan.measure().toMillis(),
                plan.warmup().toMillis(),
                tracing,
                tokenPath
                    ? """
                      **Token path on.** The gateway's config has an auth section trusting one
                      issuer, the test authorization server (Spring Authorization Server 7, its own
                      JVM, `testing/authorization-server`), and every request to the gateway carries
                      `Authorization: Bearer` with a real RS256 access token from its token endpoint
                      (client credentials, `aud` the gateway's URL, scopes `%s`), a fresh one per
                      measured load. So each call through the gateway is authenticated (the token
                      verified once, then found in the verified-token cache by its SHA-256),
                      scope-checked and given an ES256 identity token for the worker (reused for the
                      same session, worker and tool while young). Direct calls carry no token.
                      """
                        .formatted(String.join(" ", SCOPES))
                    : """
                      **Token path off** (`%s=true`): the gateway has no auth section and serves
                      callers without a token; no token is verified, no scope checked and no
                      identity token minted.
                      """
                        .formatted(ANONYMOUS_ENV)));
    List<List<String>> rows = new ArrayList<>();
    for (int sessions : plan.sessions()) {
      for (String target : measured) {
        rows.add(
            List.of(
                target,
                String.valueOf(sessions),
                Report.num(median(all, target, sessions, LoadRun.Result::callsPerSecond)),
                Report.ms(median(all, target, sessions, LoadRun.Result::p50)),
                Report.ms(median(all, target, sessions, LoadRun.Result::p99)),
                Report.ms(median(all, target, sessions, LoadRun.Result::p999)),
                String.valueOf(
                    all.stream()
                        .filter(r -> r.target().equals(target) && r.sessions() == sessions)
                        .mapToLong(LoadRun.Result::errors)
                        .sum())));
      }
    }
    report.section("Figures", "Latency in milliseconds.");
    report.table(List.of("target", "sessions", "calls/s", "p50", "p99", "p99.9", "errors"), rows);

    List<List<String>> ratios = new ArrayList<>();
    Map<String, Object> ratioData = new LinkedHashMap<>();
    for (int sessions : plan.sessions()) {
      for (String target : measured.subList(1, measured.size())) {
        VsDirect vs = vsDirect(all, target, sessions);
        double addedP50 = vs.addedP50();
        double addedP99 = vs.addedP99();
        double throughput = vs.throughput();
        ratios.add(
            List.of(
                target,
                String.valueOf(sessions),
                Report.ms(addedP50),
                Report.ms(addedP99),
                Report.ratio(throughput)));
        ratioData.put(
            target + "@" + sessions,
            Map.of("addedP50Ms", addedP50, "addedP99Ms", addedP99, "throughputRatio", throughput));
      }
    }
    report.section(
        "CPU per call",
        """
        CPU time (user + system, from /proc) each process spent in the measured window divided by
        the calls measured, in microseconds; medians over rounds. With every core busy, throughput
        is bounded by the sum.
        """);
    List<List<String>> cpuRows = new ArrayList<>();
    for (int sessions : plan.sessions()) {
      for (String target : measured) {
        List<String> row = new ArrayList<>(List.of(target, String.valueOf(sessions)));
        for (String process : List.of(gatewayOf(target), "worker", "driver")) {
          row.add(Report.num(cpuPerCall(all, target, sessions, process)));
        }
        cpuRows.add(row);
      }
    }
    report.table(List.of("target", "sessions", "gateway", "worker", "driver"), cpuRows);

    report.section("Against direct, same run", "");
    report.table(
        List.of("target", "sessions", "added p50 (ms)", "added p99 (ms)", "throughput vs direct"),
        ratios);

    report.section(
        "What the policy stages cost",
        """
        The gateway's CPU per call with policy against the same tool with no policy, in the same
        gateway and run: for `limited.echo` the difference is what a rate limit per caller and the
        result cache (a lookup that misses, then a store of the answer) cost; for the whole chain,
        what the rate limits, the budget, the cache lookup and store, loop detection and the
        tool's redaction pattern cost together.
        With Redis, every decision is a command to a local Redis; the commands per call are Redis's
        own count (`INFO commandstats`) over the Redis loads, divided by their calls.
        """);
    List<List<String>> stageRows = new ArrayList<>();
    Map<String, Object> stageData = new LinkedHashMap<>();
    for (int sessions : plan.sessions()) {
      double bare = cpuPerCall(all, BARE, sessions, "gateway");
      double limited = cpuPerCall(all, LIMITED, sessions, "gateway");
      double chain = cpuPerCall(all, AGGREGATED, sessions, "gateway");
      double redisChain = cpuPerCall(all, REDIS, sessions, gatewayOf(REDIS));
      stageRows.add(
          List.of(
              String.valueOf(sessions),
              Report.num(bare),
              Report.num(limited),
              Report.num(limited - bare),
              Report.num(chain),
              Report.num(chain - bare),
              Report.num(redisChain),
              Report.num(redisChain - bare)));
      stageData.put(
          "sessions@" + sessions,
          Map.of(
              "bareMicros", bare,
              "limitedMicros", limited,
              "chainMicros", chain,
              "redisChainMicros", redisChain));
    }
    report.table(
        List.of(
            "sessions",
            "gateway µs/call, no policy",
            "rate limit + cache (memory)",
            "added",
            "policy chain (memory)",
            "added",
            "policy chain (Redis)",
            "added"),
        stageRows);
    Map<String, Double> allCommands = redisCommands == null ? Map.of() : redisCommands.perCall();
    Map<String, Double> commandsPerCall =
        redisCommands == null ? Map.of() : redisCommands.sentPerCall();
    if (!allCommands.isEmpty()) {
      report.table(
          List.of("Redis command", "per call", "sent by the gateway (a round trip)"),
          allCommands.entrySet().stream()
              .map(
                  e ->
                      List.of(
                          e.getKey(),
                          String.format("%.2f", e.getValue()),
                          RedisCommands.SENT.contains(e.getKey()) ? "yes" : "no, run by a script"))
              .toList());
    }
    report.put("policyStages", stageData);
    report.put("redisCommandsPerCall", commandsPerCall);

    double directWork = median(work1ms, "direct work", 1, LoadRun.Result::p50);
    double gatewayWork = median(work1ms, "gateway work", 1, LoadRun.Result::p50);
    double cacheHit = median(work1ms, CACHE_HIT, 1, LoadRun.Result::p50);
    report.section(
        "A tool with 1 ms of work",
        """
        `work` waits 1 ms before answering. `bench.work` has no cache, so every call reaches the
        worker; `cached.work` is the same tool of the same worker under a second McpTool with a
        5-minute cache, called with the same arguments every time: after the first call every call
        is a hit (key: tool, definition hash, canonical arguments, caller), answered by the gateway
        with the caller's own id. The gateway's default loop detection (20 identical calls in 10
        minutes) sees these calls as a loop and answers them from the cache, which a hit does
        anyway.
        """);
    report.table(
        List.of("target", "p50 (ms)"),
        List.of(
            List.of("direct work", Report.ms(directWork)),
            List.of("gateway work (no cache)", Report.ms(gatewayWork)),
            List.of("gateway cache hit", Report.ms(cacheHit))));

    double gatewayHeap = gateway.heapUsedAfterGcMiB();
    double gatewayRss = gateway.rssMiB();
    report.section("Memory after the run", "");
    report.table(
        List.of("process", "heap after full GC (MiB)", "RSS (MiB)"),
        List.of(
            List.of("gateway", Report.num(gatewayHeap), Report.num(gatewayRss)),
            List.of(
                "worker", Report.num(worker.heapUsedAfterGcMiB()), Report.num(worker.rssMiB()))));

    int low = plan.sessions().getFirst();
    int high = plan.sessions().getLast();
    double addedP50 = vsDirect(all, AGGREGATED, low).addedP50();
    double addedP99 = vsDirect(all, AGGREGATED, low).addedP99();
    double ratio = vsDirect(all, AGGREGATED, high).throughput();
    report.target(
        "added p50 at most 0.15 ms at " + low + " session (aggregated /mcp)",
        Report.ms(addedP50) + " ms",
        addedP50 <= 0.15);
    report.target(
        "added p99 at most 1 ms at " + low + " session (aggregated /mcp)",
        Report.ms(addedP99) + " ms",
        addedP99 <= 1.0);
    report.target(
        "throughput through the gateway at least 60% of direct at " + high + " sessions",
        Report.ratio(ratio),
        ratio >= 0.60);
    double speedup = gatewayWork / cacheHit;
    report.target(
        "a cache hit at p50 at most 0.2 ms at 1 session and at least 5x faster than the 1 ms"
            + " worker call through the gateway",
        Report.ms(cacheHit) + " ms, " + Report.ratio(speedup) + " faster",
        cacheHit <= 0.2 && speedup >= 5);
    double bareCpu = cpuPerCall(all, BARE, high, "gateway");
    double limitCacheAdded = cpuPerCall(all, LIMITED, high, "gateway") - bareCpu;
    report.target(
        "the rate-limit and cache-lookup stages (a rate limit per caller, a cache lookup that"
            + " misses and the store of the answer) add at most 10 µs of gateway CPU per call, in"
            + " memory, at "
            + high
            + " sessions",
        Report.num(limitCacheAdded) + " µs",
        limitCacheAdded <= 10);
    double chainAdded = cpuPerCall(all, AGGREGATED, high, "gateway") - bareCpu;
    report.target(
        "the whole policy chain (rate limits per caller and per McpScope, budget, cache lookup"
            + " and store, loop detection, a redaction pattern), in memory, at "
            + high
            + " sessions: no target of its own, shown beside the one above",
        Report.num(chainAdded) + " µs",
        null);
    if (!commandsPerCall.isEmpty()) {
      double total = commandsPerCall.values().stream().mapToDouble(Double::doubleValue).sum();
      // Four decisions per call: the rate limits, the budget, the cache lookup, the cache store.
      report.target(
          "with Redis, one round trip per decision (4 per call: rate limits, budget, cache lookup,"
              + " cache store on a miss)",
          String.format("%.2f round trips per call %s", total, commandsPerCall),
          total <= 4.05);
    }
    report.target(
        "full policy chain on the path (signed token, scope check, rate limit, budget, cache,"
            + " loop detection, redaction, audit, metrics, tracing)",
        tokenPath
            ? "signed token (verified, cached), scope check, identity token, rate limits, budget,"
                + " cache miss and store, loop detection, redaction, audit (spool, stdout lines and"
                + " the embedded store, unless TOOLGATE_AUDIT_* say otherwise), metrics; "
                + (traces == null ? "tracing off" : traces.describe())
            : "not measured: this run had no token path (" + ANONYMOUS_ENV + "=true)",
        tokenPath && traces != null ? Boolean.TRUE : null);
    report.put("tokenPath", tokenPath);
    report.put("ratios", ratioData);
    report.put("gatewayHeapMiB", gatewayHeap);
    report.put("gatewayRssMiB", gatewayRss);
    report.put(
        "runs",
        all.stream()
            .sorted(Comparator.comparing(LoadRun.Result::target))
            .map(
                r ->
                    Map.of(
                        "target", r.target(),
                        "sessions", r.sessions(),
                        "callsPerSecond", r.callsPerSecond(),
                        "p50Ms", r.p50(),
                        "p99Ms", r.p99(),
                        "errors", r.errors()))
            .toList());
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
