package dev.toolgate.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.api.compiler.Violation;
import dev.toolgate.api.v1alpha1.GatewayReport;
import dev.toolgate.operator.events.EventReason;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * operator/README.md documents every condition type and reason the operator sets, each with an
 * example message in the Conditions table, and every event reason: a constant added without its row
 * fails here.
 */
class ConditionsDocumentedTest {

  /** One row of the Conditions table: condition, status, reason, event, example message. */
  record Row(String condition, String status, String reason, String event, String example) {}

  private static String readme;
  private static List<Row> rows;

  @BeforeAll
  static void readTheConditionsTable() throws IOException {
    readme = Files.readString(Path.of(System.getProperty("basedir", "."), "README.md"));
    String section = readme.substring(readme.indexOf("\n## Conditions\n"));
    section = section.substring(0, section.indexOf("\n## ", 1));
    rows = new ArrayList<>();
    for (String line : section.split("\n")) {
      if (line.startsWith("| `")) {
        String[] cells = line.substring(1, line.length() - 1).split("\\|", -1);
        assertThat(cells).as("columns of: %s", line).hasSize(5);
        rows.add(
            new Row(
                cells[0].trim(),
                cells[1].trim(),
                cells[2].trim(),
                cells[3].trim(),
                cells[4].trim()));
      }
    }
    assertThat(rows).as("rows of the Conditions table").hasSizeGreaterThan(10);
  }

  @Test
  void everyConditionTypeHasARow() {
    for (String type : constants(ConditionTypes.class)) {
      assertThat(rows)
          .as("a row of condition %s in operator/README.md's Conditions table", type)
          .anyMatch(r -> r.condition().startsWith("`" + type + "`"));
    }
  }

  @Test
  void everyConditionReasonHasARowWithAnExampleMessage() {
    for (String reason : reasonsTheOperatorSets()) {
      assertThat(rows)
          .as("a row with reason %s and an example message in the Conditions table", reason)
          .anyMatch(r -> r.reason().contains("`" + reason + "`") && !r.example().isBlank());
    }
  }

  @Test
  void everyEventReasonIsDocumentedAndMarkedAsAnEventWhereItIsAConditionReason() {
    Set<String> conditionReasons = constants(ConditionTypes.Reasons.class);
    for (EventReason event : EventReason.values()) {
      assertThat(readme)
          .as("event reason %s in operator/README.md", event)
          .contains("`" + event.name() + "`");
      if (conditionReasons.contains(event.name())) {
        assertThat(rows)
            .as("a Conditions row with reason %s marked as giving an event", event)
            .anyMatch(
                r -> r.reason().contains("`" + event.name() + "`") && r.event().contains("event"));
      }
    }
  }

  @Test
  void everyReasonInTheTableIsOneTheOperatorSets() {
    Set<String> known = reasonsTheOperatorSets();
    for (Row row : rows) {
      for (String quoted : row.reason().split("`")) {
        if (quoted.matches("[A-Z][A-Za-z]+")) {
          assertThat(known).as("reason %s of row %s", quoted, row).contains(quoted);
        }
      }
    }
  }

  @Test
  void everyReasonARowMarksAsAnEventGivesOne() {
    for (Row row : rows) {
      if (!row.event().startsWith("event")) {
        continue;
      }
      for (String quoted : row.reason().split("`")) {
        boolean excepted = row.event().contains("not `" + quoted + "`");
        if (quoted.matches("[A-Z][A-Za-z]+") && !excepted) {
          assertThat(EventReason.forConditionReason(quoted))
              .as("row %s says reason %s gives an event, but EventReason lacks it", row, quoted)
              .isPresent();
        }
      }
    }
  }

  /**
   * Condition reasons: the operator's own, the gateway's {@code ConfigLoaded} ones, and the
   * compiler violations' (a condition takes its violation's reason).
   */
  private static Set<String> reasonsTheOperatorSets() {
    Set<String> reasons = new TreeSet<>(constants(ConditionTypes.Reasons.class));
    reasons.addAll(constants(Violation.class));
    reasons.add(GatewayReport.LOADED);
    return reasons;
  }

  /** The values of a class's public static String constants. */
  private static Set<String> constants(Class<?> type) {
    Set<String> values = new TreeSet<>();
    for (Field field : type.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        try {
          values.add((String) field.get(null));
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
    return values;
  }
}
