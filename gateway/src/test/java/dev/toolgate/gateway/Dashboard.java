package dev.toolgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The chart's Grafana dashboard, read as JSON: its panels and the metrics their queries name. */
record Dashboard(JsonNode json) {

  static final Path FILE = Path.of("..", "charts", "toolgate", "dashboards", "toolgate.json");

  /** Metric names as this project and the JVM binders spell them; label names never match. */
  private static final Pattern METRIC =
      Pattern.compile("\\b(?:toolgate|jvm|process)_[a-z0-9_]+\\b");

  static Dashboard load() throws IOException {
    return new Dashboard(new ObjectMapper().readTree(FILE.toFile()));
  }

  List<JsonNode> panels() {
    List<JsonNode> panels = new ArrayList<>();
    json.path("panels").forEach(panels::add);
    return panels;
  }

  List<String> queries() {
    List<String> queries = new ArrayList<>();
    for (JsonNode panel : panels()) {
      panel.path("targets").forEach(t -> queries.add(t.path("expr").asText()));
    }
    return queries;
  }

  /** Every metric some query names. */
  Set<String> metrics() {
    Set<String> names = new TreeSet<>();
    for (String query : queries()) {
      Matcher m = METRIC.matcher(query);
      while (m.find()) {
        names.add(m.group());
      }
    }
    return names;
  }
}
