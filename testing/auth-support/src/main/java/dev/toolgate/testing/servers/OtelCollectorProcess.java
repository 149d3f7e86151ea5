package dev.toolgate.testing.servers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenTelemetry Collector on a free loopback port, built from the Go module proxy by {@code
 * scripts/otel-collector.sh} (cached under ~/.cache/toolgate after the first build): OTLP/HTTP in,
 * its debug exporter's text in a log file, which callers read for spans or counts.
 */
public final class OtelCollectorProcess implements AutoCloseable {

  /** How much the debug exporter prints per span. */
  public enum Verbosity {
    /** A line per batch: enough to see spans arrive, cheap under load. */
    BASIC,
    /** Every span's fields and attributes, for tests that read them back. */
    DETAILED
  }

  private static final Duration READY_WITHIN = Duration.ofSeconds(30);

  private final Process process;
  private final Path log;
  private final int port;

  private OtelCollectorProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /**
   * Builds (first time) and starts a collector with its config and log in {@code dir}, and waits
   * until it says it is ready.
   *
   * @param repository the repository root, where {@code scripts/otel-collector.sh} is
   */
  public static OtelCollectorProcess start(Path repository, Path dir, Verbosity verbosity)
      throws IOException, InterruptedException {
    Path binary = build(repository);
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Path config = dir.resolve("otelcol.yaml");
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
            verbosity: %s
        service:
          telemetry:
            metrics:
              level: none
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [debug]
        """
            .formatted(port, verbosity.name().toLowerCase(java.util.Locale.ROOT)));
    Path log = dir.resolve("otelcol.log");
    Process process =
        new ProcessBuilder(binary.toString(), "--config=file:" + config)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    OtelCollectorProcess collector = new OtelCollectorProcess(process, log, port);
    long deadline = System.nanoTime() + READY_WITHIN.toNanos();
    while (!collector.log().contains("Everything is ready")) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IOException(
            "the OpenTelemetry Collector did not start within "
                + READY_WITHIN
                + ": "
                + collector.log());
      }
      Thread.sleep(100);
    }
    return collector;
  }

  private static Path build(Path repository) throws IOException, InterruptedException {
    Path script = repository.resolve("scripts").resolve("otel-collector.sh");
    Process build =
        new ProcessBuilder("bash", script.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!build.waitFor(20, TimeUnit.MINUTES) || build.exitValue() != 0) {
      build.destroyForcibly();
      throw new IOException(script + " failed: " + out);
    }
    String[] lines = out.split("\n");
    return Path.of(lines[lines.length - 1]);
  }

  /** Where a gateway sends OTLP/HTTP ({@code OTEL_EXPORTER_OTLP_ENDPOINT}). */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** What the collector has printed so far. */
  public String log() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  public long pid() {
    return process.pid();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
