package dev.toolgate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dated benchmark report: the machine, the command, tables of figures and the targets with their
 * verdicts, written as Markdown for people and JSON for tools, side by side.
 */
final class Report {

  private final String name;
  private final String title;
  private final ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);
  private final StringBuilder body = new StringBuilder();
  private final Map<String, Object> data = new LinkedHashMap<>();
  private final List<Map<String, Object>> targets = new ArrayList<>();

  Report(String name, String title, String command) {
    this.name = name;
    this.title = title;
    data.put("name", name);
    data.put("started", started.toString());
    data.put("command", command);
    data.put("machine", Machine.describe());
  }

  void section(String heading, String text) {
    body.append("\n## ").append(heading).append("\n\n");
    if (text != null && !text.isBlank()) {
      body.append(text.strip()).append("\n");
    }
  }

  void table(List<String> header, List<List<String>> rows) {
    if (!body.toString().endsWith("\n\n")) {
      body.append("\n");
    }
    body.append("| ").append(String.join(" | ", header)).append(" |\n|");
    header.forEach(h -> body.append(" --- |"));
    body.append("\n");
    for (List<String> row : rows) {
      body.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
  }

  void put(String key, Object value) {
    data.put(key, value);
  }

  /** A target, its measured figure and whether it is met; {@code met == null}: not measured. */
  void target(String target, String measured, Boolean met) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("target", target);
    row.put("measured", measured);
    row.put("met", met);
    targets.add(row);
  }

  /** Writes {@code <dir>/<date>-<name>.md} and {@code .json}; returns the Markdown file. */
  Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    String stem = started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm")) + "-" + name;
    StringBuilder md = new StringBuilder("# ").append(title).append("\n\n");
    md.append("Started ").append(started.format(DateTimeFormatter.ISO_INSTANT)).append(".\n\n");
    md.append("Command: `")
        .append(data.get("command"))
        .append("`\n\n| machine | |\n| --- | --- |\n");
    @SuppressWarnings("unchecked")
    Map<String, String> machine = (Map<String, String>) data.get("machine");
    machine.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    if (!targets.isEmpty()) {
      md.append("\n## Targets\n\n| target | measured | verdict |\n| --- | --- | --- |\n");
      for (Map<String, Object> t : targets) {
        Object met = t.get("met");
        String verdict = met == null ? "not measured" : ((Boolean) met ? "met" : "missed");
        md.append("| ")
            .append(t.get("target"))
            .append(" | ")
            .append(t.get("measured"))
            .append(" | ")
            .append(verdict)
            .append(" |\n");
      }
    }
    md.append(body);
    data.put("targets", targets);
    Path markdown = dir.resolve(stem + ".md");
    Files.writeString(markdown, md.toString());
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(dir.resolve(stem + ".json").toFile(), data);
    return markdown;
  }

  static String ms(double value) {
    return String.format(java.util.Locale.ROOT, "%.3f", value);
  }

  static String num(double value) {
    return String.format(java.util.Locale.ROOT, "%.0f", value);
  }

  static String ratio(double value) {
    return String.format(java.util.Locale.ROOT, "%.2fx", value);
  }
}
