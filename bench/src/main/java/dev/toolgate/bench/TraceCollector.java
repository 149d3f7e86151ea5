package dev.toolgate.bench;

import dev.toolgate.testing.servers.OtelCollectorProcess;
import dev.toolgate.testing.servers.OtelCollectorProcess.Verbosity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the benchmarked gateways send their traces: a real OpenTelemetry Collector ({@link
 * OtelCollectorProcess}) receiving OTLP/HTTP on loopback and counting spans with its debug
 * exporter, as the tracing test's collector does. The gateways sample a share of their calls
 * ({@link #SAMPLE_RATIO_ENV}, 10% by default), as a busy service is configured to.
 */
final class TraceCollector implements AutoCloseable {

  /** The share of calls traced, {@code 0} to {@code 1}; {@code off} turns tracing off. */
  static final String SAMPLE_RATIO_ENV = "TOOLGATE_BENCH_TRACE_RATIO";

  static final String DEFAULT_RATIO = "0.1";

  private final OtelCollectorProcess process;
  private final String ratio;

  private TraceCollector(OtelCollectorProcess process, String ratio) {
    this.process = process;
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
    return new TraceCollector(
        OtelCollectorProcess.start(RepoPaths.root(), work, Verbosity.BASIC), ratio);
  }

  /** The {@code OTEL_*} variables that make a gateway trace to this collector. */
  Map<String, String> gatewayEnvironment() {
    return Map.of(
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        process.endpoint(),
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

  @Override
  public void close() throws InterruptedException {
    process.close();
  }
}
