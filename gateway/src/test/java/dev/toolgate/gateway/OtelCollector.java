package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * A real OpenTelemetry Collector on loopback (built from the Go module proxy by {@code
 * scripts/otel-collector.sh}, cached): OTLP/HTTP in, the debug exporter's detailed text out, which
 * this class reads back as spans.
 */
final class OtelCollector implements AutoCloseable {

  /** One span as the collector received it. */
  record Span(
      String traceId, String parentId, String id, String name, Map<String, String> attributes) {}

  private static final Pattern FIELD = Pattern.compile("^\\s*([A-Za-z ]+?)\\s*: ?(.*)$");
  private static final Pattern ATTRIBUTE = Pattern.compile("^\\s*-> ([^:]+): \\w+\\((.*)\\)$");

  private final Process process;
  private final Path output;
  private final int port;

  private OtelCollector(Process process, Path output, int port) {
    this.process = process;
    this.output = output;
    this.port = port;
  }

  static OtelCollector start(Path dir) throws Exception {
    Path binary = build();
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
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
            verbosity: detailed
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
    Path output = dir.resolve("otelcol.log");
    Process process =
        new ProcessBuilder(binary.toString(), "--config=file:" + config)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    OtelCollector collector = new OtelCollector(process, output, port);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !process.isAlive() || collector.log().contains("Everything is ready"));
    assertThat(process.isAlive()).as("collector exited:%n%s", collector.log()).isTrue();
    return collector;
  }

  /** The collector binary, built on first use and cached under ~/.cache/toolgate. */
  private static Path build() throws IOException, InterruptedException {
    Path script = Path.of("..", "scripts", "otel-collector.sh").toAbsolutePath().normalize();
    Process build =
        new ProcessBuilder("bash", script.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(build.waitFor(15, TimeUnit.MINUTES)).isTrue();
    assertThat(build.exitValue()).as("scripts/otel-collector.sh failed: %s", out).isZero();
    String[] lines = out.split("\n");
    return Path.of(lines[lines.length - 1]);
  }

  /** Where the gateway sends OTLP/HTTP. */
  String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  String log() throws IOException {
    return Files.exists(output) ? Files.readString(output) : "";
  }

  /** Every span received so far. */
  List<Span> spans() throws IOException {
    List<Span> spans = new ArrayList<>();
    String[] blocks = log().split("Span #\\d+");
    for (int b = 1; b < blocks.length; b++) {
      Map<String, String> fields = new LinkedHashMap<>();
      Map<String, String> attributes = new LinkedHashMap<>();
      boolean inAttributes = false;
      for (String line : blocks[b].split("\n")) {
        if (line.startsWith("Attributes:")) {
          inAttributes = true;
          continue;
        }
        Matcher attribute = ATTRIBUTE.matcher(line);
        if (inAttributes && attribute.matches()) {
          attributes.put(attribute.group(1).trim(), attribute.group(2));
          continue;
        }
        if (inAttributes && !line.startsWith(" ")) {
          break;
        }
        Matcher field = FIELD.matcher(line);
        if (!inAttributes && field.matches()) {
          fields.putIfAbsent(field.group(1).trim(), field.group(2).trim());
        }
      }
      spans.add(
          new Span(
              fields.get("Trace ID"),
              fields.get("Parent ID"),
              fields.get("ID"),
              fields.get("Name"),
              attributes));
    }
    return spans;
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
