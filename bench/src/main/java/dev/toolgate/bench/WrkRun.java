package dev.toolgate.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One load from an outside generator: Debian's {@code wrk} with the bench's Lua script ({@code
 * bench/wrk/tools-call.lua}), calling a tool in sessions the bench opened, over a number of
 * connections. wrk is a C event loop: it costs far less CPU per call than the Java driver, so more
 * of the machine goes to the worker and the gateway, as with the load generators users reach for.
 */
final class WrkRun {

  static final Path WRK = Path.of("/usr/bin/wrk");

  private static final java.util.concurrent.atomic.AtomicLong RUNS =
      new java.util.concurrent.atomic.AtomicLong();

  /**
   * What one run measured; latencies in milliseconds, CPU per call in microseconds by process.
   *
   * @param calls answers received (errors included; they are counted apart as well)
   */
  record Result(
      String target,
      String shape,
      long calls,
      long errors,
      double seconds,
      double p50,
      double p99,
      double p999,
      String firstError,
      Map<String, Double> cpuMicrosPerCall) {

    double callsPerSecond() {
      return calls / seconds;
    }
  }

  /**
   * A load's shape: how many wrk threads and connections, over how many sessions (a thread keeps to
   * one session; several threads share one when there are fewer sessions).
   */
  record Shape(String name, int threads, int connections, int sessions) {}

  private static final Pattern LINE =
      Pattern.compile(
          "TOOLGATE_WRK requests=(\\d+) errors=(\\d+) duration_us=(\\d+) p50_us=(\\d+)"
              + " p99_us=(\\d+) p999_us=(\\d+) first_error=(.*)");

  private WrkRun() {}

  static boolean installed() {
    return WRK.toFile().canExecute();
  }

  /**
   * Runs wrk against {@code url} for {@code duration} and counts the CPU time each of {@code
   * processes} (name to pid) and wrk itself spend meanwhile, per call.
   */
  static Result run(
      String target,
      Shape shape,
      URI url,
      List<String> sessionIds,
      String tool,
      String token,
      Duration duration,
      Map<String, Long> processes)
      throws IOException, InterruptedException {
    // Through bash, whose `times` prints the CPU time of its children (wrk) after it exits: the
    // bench cannot read a child's /proc entry once Java has reaped it.
    ProcessBuilder builder =
        new ProcessBuilder(
                "bash",
                "-c",
                "\"$0\" \"$@\"; status=$?; times; exit $status",
                WRK.toString(),
                "-t",
                String.valueOf(shape.threads()),
                "-c",
                String.valueOf(shape.connections()),
                "-d",
                Math.max(1, duration.toSeconds()) + "s",
                "--timeout",
                "30s",
                "-s",
                RepoPaths.root().resolve("bench/wrk/tools-call.lua").toString(),
                url.toString())
            .redirectErrorStream(true);
    builder.environment().put("TOOLGATE_WRK_SESSIONS", String.join(",", sessionIds));
    builder.environment().put("TOOLGATE_WRK_TOOL", tool);
    builder.environment().put("TOOLGATE_WRK_TOKEN", token == null ? "" : token);
    builder.environment().put("TOOLGATE_WRK_RUN", String.valueOf(RUNS.incrementAndGet()));
    Map<String, Long> cpuAtStart = cpu(processes);
    Process wrk = builder.start();
    String output;
    try {
      output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!wrk.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
        throw new IOException("wrk did not finish");
      }
    } finally {
      wrk.destroyForcibly();
    }
    Map<String, Long> cpuAtEnd = cpu(processes);
    Matcher line = LINE.matcher(output);
    if (wrk.exitValue() != 0 || !line.find()) {
      throw new IOException("wrk failed (exit " + wrk.exitValue() + "): " + output);
    }
    long calls = Long.parseLong(line.group(1));
    Map<String, Double> cpuPerCall = new LinkedHashMap<>();
    cpuAtEnd.forEach(
        (name, nanos) ->
            cpuPerCall.put(name, (nanos - cpuAtStart.get(name)) / 1000.0 / Math.max(1, calls)));
    cpuPerCall.put("wrk", childrenCpuNanos(output) / 1000.0 / Math.max(1, calls));
    return new Result(
        target,
        shape.name(),
        calls,
        Long.parseLong(line.group(2)),
        Long.parseLong(line.group(3)) / 1e6,
        Long.parseLong(line.group(4)) / 1000.0,
        Long.parseLong(line.group(5)) / 1000.0,
        Long.parseLong(line.group(6)) / 1000.0,
        line.group(7).isBlank() ? null : line.group(7).strip(),
        cpuPerCall);
  }

  private static final Pattern TIMES = Pattern.compile("(\\d+)m([\\d.]+)s (\\d+)m([\\d.]+)s\\s*$");

  /** The second line of bash's {@code times}: user and system time of its children. */
  static long childrenCpuNanos(String output) {
    Matcher times = TIMES.matcher(output.strip());
    if (!times.find()) {
      return 0;
    }
    double seconds =
        Integer.parseInt(times.group(1)) * 60
            + Double.parseDouble(times.group(2))
            + Integer.parseInt(times.group(3)) * 60
            + Double.parseDouble(times.group(4));
    return Math.round(seconds * 1e9);
  }

  private static Map<String, Long> cpu(Map<String, Long> processes) {
    Map<String, Long> nanos = new LinkedHashMap<>();
    processes.forEach((name, pid) -> nanos.put(name, ProcessCpu.nanos(pid)));
    return nanos;
  }

  /** The sessions' ids for wrk: opened by the bench's Java session, left open for the run. */
  static List<String> ids(List<McpHttpSession> sessions) {
    List<String> ids = new ArrayList<>();
    sessions.forEach(s -> ids.add(s.sessionId()));
    return ids;
  }
}
