package dev.toolgate.gateway;

import dev.toolgate.testing.servers.OtelCollectorProcess;
import dev.toolgate.testing.servers.OtelCollectorProcess.Verbosity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real OpenTelemetry Collector on loopback ({@link OtelCollectorProcess}) whose debug exporter's
 * detailed text this class reads back as spans.
 */
final class OtelCollector implements AutoCloseable {

  /** One span as the collector received it. */
  record Span(
      String traceId, String parentId, String id, String name, Map<String, String> attributes) {}

  private static final Pattern FIELD = Pattern.compile("^\\s*([A-Za-z ]+?)\\s*: ?(.*)$");
  private static final Pattern ATTRIBUTE = Pattern.compile("^\\s*-> ([^:]+): \\w+\\((.*)\\)$");

  private final OtelCollectorProcess process;

  private OtelCollector(OtelCollectorProcess process) {
    this.process = process;
  }

  static OtelCollector start(Path dir) throws Exception {
    return new OtelCollector(
        OtelCollectorProcess.start(
            Path.of("..").toAbsolutePath().normalize(), dir, Verbosity.DETAILED));
  }

  /** Where the gateway sends OTLP/HTTP. */
  String endpoint() {
    return process.endpoint();
  }

  String log() throws IOException {
    return process.log();
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
    process.close();
  }
}
