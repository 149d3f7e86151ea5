package dev.toolgate.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where the benchmarked gateways send their traces: a real OpenTelemetry Collector (built from the
 * Go module proxy by {@code scripts/otel-collector.sh}, cached after the first build) receiving
 * OTLP/HTTP on loopback and counting spans with its debug exporter, as the tracing test's collector
 * does. The gateways sample a share of their calls ({@link #SAMPLE_RATIO_ENV}, 10% by default), as
 * a busy service is configured to.
 */
final class TraceCollector implements AutoCloseable {

  /** The share of calls traced, {@code 0} to {@code 1}; {@code off} turns tracing off. */
  static final String SAMPLE_RATIO_ENV = "TOOLGATE_BENCH_TRACE_RATIO";

  static final String DEFAULT_RATIO = "0.1";

  private final Process process;
  private final int port;
  private final String ratio;

  private TraceCollector(Process process, int port, String ratio) {
    this.process = process;
    this.port = port;
    this.ratio = ratio;
  }

  /** The share of calls the gateways trace, or {@code null} when tracing is off. */
  static String ratio() {
    String ratio = System.getenv().getOrDefault(SAMPLE_RATIO_ENV, DEFAULT_RATIO).trim();
    return ratio.equalsIgnoreCase("off") ? null : ratio;
  }

  /** Starts a collector, or returns {@code null} when {@link #ratio()} turns tracing off. */
  static TraceCollector start(Path work) throws IOException, InterruptedException {
    String ratio = ratio();
    if (ratio == null) {
      return null;
    }
    Path binary = build();
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Path config = work.resolve("otelcol.yaml");
    Files.writeString(
        config,
        """
        receivers:
          otlp:
            protocols:
              http:
                endpoint: 127.0.0.1:%d
        exporters:
          debug:
            verbosity: basic
        service:
          telemetry:
            metrics:
              level: none
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [debug]
        """
            .formatted(port));
    Path log = work.resolve("otelcol.log");
    Process process =
        new ProcessBuilder(binary.toString(), "--config=file:" + config)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!Files.readString(log).contains("Everything is ready")) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IOException(
            "the OpenTelemetry Collector did not start: " + Files.readString(log));
      }
      Thread.sleep(100);
    }
    return new TraceCollector(process, port, ratio);
  }

  /** The {@code OTEL_*} variables that make a gateway trace to this collector. */
  Map<String, String> gatewayEnvironment() {
    return Map.of(
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        "http://127.0.0.1:" + port,
        "OTEL_EXPORTER_OTLP_PROTOCOL",
        "http/protobuf",
        "OTEL_TRACES_SAMPLER",
        "parentbased_traceidratio",
        "OTEL_TRACES_SAMPLER_ARG",
        ratio);
  }

  long pid() {
    return process.pid();
  }

  String describe() {
    return "tracing on: OTLP/HTTP to a local OpenTelemetry Collector, parentbased_traceidratio "
        + ratio
        + " (`"
        + SAMPLE_RATIO_ENV
        + "`)";
  }

  private static Path build() throws IOException, InterruptedException {
    Process build =
        new ProcessBuilder("bash", RepoPaths.root().resolve("scripts/otel-collector.sh").toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!build.waitFor(20, TimeUnit.MINUTES) || build.exitValue() != 0) {
      throw new IOException("scripts/otel-collector.sh failed: " + out);
    }
    String[] lines = out.split("\n");
    return Path.of(lines[lines.length - 1]);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
