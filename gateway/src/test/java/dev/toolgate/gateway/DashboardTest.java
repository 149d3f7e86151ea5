package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The chart's Grafana dashboard is well formed: the fields Grafana needs on every panel, unique ids
 * and query refIds, panels inside the 24-column grid and not overlapping, every variable a query
 * uses defined, every query's brackets and quotes balanced. Which metrics the queries name is
 * checked against real scrapes: the gateway's in {@link GatewayMetricsTest}, the operator's in the
 * operator's ExamplesIT.
 */
class DashboardTest {

  private static final Set<String> PANEL_TYPES = Set.of("row", "timeseries", "stat");
  private static final Pattern VARIABLE = Pattern.compile("\\$(\\w+)");
  private static final Set<String> GRAFANA_VARIABLES = Set.of("__rate_interval", "__interval");

  @Test
  void everyPanelHasWhatGrafanaNeedsAndUniqueIds() throws Exception {
    Dashboard dashboard = Dashboard.load();
    assertThat(dashboard.json().path("uid").asText()).isEqualTo("toolgate-overview");
    assertThat(dashboard.json().path("title").asText()).isNotBlank();
    assertThat(dashboard.json().path("schemaVersion").isInt()).isTrue();
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : dashboard.panels()) {
      String title = panel.path("title").asText();
      assertThat(title).isNotBlank();
      assertThat(ids.add(panel.path("id").asInt(-1))).as("unique id of %s", title).isTrue();
      assertThat(PANEL_TYPES).as("type of %s", title).contains(panel.path("type").asText());
      JsonNode grid = panel.path("gridPos");
      for (String field : List.of("h", "w", "x", "y")) {
        assertThat(grid.path(field).isInt()).as("gridPos.%s of %s", field, title).isTrue();
      }
      assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(title).isLessThanOrEqualTo(24);
      if (panel.path("type").asText().equals("row")) {
        continue;
      }
      assertThat(panel.at("/datasource/uid").asText()).as(title).isEqualTo("${datasource}");
      assertThat(panel.path("targets").size()).as("queries of %s", title).isPositive();
      Set<String> refIds = new HashSet<>();
      for (JsonNode target : panel.path("targets")) {
        assertThat(refIds.add(target.path("refId").asText())).as(title).isTrue();
        assertThat(target.path("expr").asText()).as(title).isNotBlank();
      }
    }
  }

  @Test
  void panelsDoNotOverlap() throws Exception {
    List<JsonNode> panels = Dashboard.load().panels();
    for (int i = 0; i < panels.size(); i++) {
      for (int j = i + 1; j < panels.size(); j++) {
        JsonNode a = panels.get(i).path("gridPos");
        JsonNode b = panels.get(j).path("gridPos");
        boolean apart =
            a.path("x").asInt() + a.path("w").asInt() <= b.path("x").asInt()
                || b.path("x").asInt() + b.path("w").asInt() <= a.path("x").asInt()
                || a.path("y").asInt() + a.path("h").asInt() <= b.path("y").asInt()
                || b.path("y").asInt() + b.path("h").asInt() <= a.path("y").asInt();
        assertThat(apart)
            .as("%s and %s", panels.get(i).path("title"), panels.get(j).path("title"))
            .isTrue();
      }
    }
  }

  @Test
  void everyVariableAQueryUsesIsDefined() throws Exception {
    Dashboard dashboard = Dashboard.load();
    Set<String> defined = new HashSet<>(GRAFANA_VARIABLES);
    dashboard.json().at("/templating/list").forEach(v -> defined.add(v.path("name").asText()));
    for (String query : dashboard.queries()) {
      Matcher m = VARIABLE.matcher(query);
      while (m.find()) {
        assertThat(defined).as(query).contains(m.group(1));
      }
    }
  }

  @Test
  void everyQueryHasBalancedBracketsAndQuotes() throws Exception {
    for (String query : Dashboard.load().queries()) {
      Deque<Character> open = new ArrayDeque<>();
      boolean quoted = false;
      for (char c : query.toCharArray()) {
        if (c == '"') {
          quoted = !quoted;
        } else if (!quoted && "([{".indexOf(c) >= 0) {
          open.push(c);
        } else if (!quoted && ")]}".indexOf(c) >= 0) {
          assertThat(open).as(query).isNotEmpty();
          assertThat("([{".indexOf(open.pop())).as(query).isEqualTo(")]}".indexOf(c));
        }
      }
      assertThat(quoted).as(query).isFalse();
      assertThat(open).as(query).isEmpty();
    }
  }

  @Test
  void theQueriesNameTheGatewaysTheOperatorsAndThePerCallMetrics() throws Exception {
    assertThat(Dashboard.load().metrics())
        .contains(
            "toolgate_gateway_calls_total",
            "toolgate_gateway_call_duration_seconds_bucket",
            "toolgate_gateway_upstream_duration_seconds_bucket",
            "toolgate_sessions_open",
            "toolgate_operator_controllers_execution_reconcile_seconds_bucket");
  }
}
