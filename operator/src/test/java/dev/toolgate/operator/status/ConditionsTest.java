package dev.toolgate.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {

  private static final Clock T1 =
      Clock.fixed(Instant.parse("2026-01-01T10:00:00.123Z"), ZoneOffset.UTC);
  private static final Clock T2 =
      Clock.fixed(Instant.parse("2026-01-01T11:00:00Z"), ZoneOffset.UTC);

  private static DesiredCondition ready(ConditionStatus status, String reason, String message) {
    return new DesiredCondition("Ready", status, reason, message, 3L);
  }

  @Test
  void stampsNewConditionsWithTheTimeInWholeSeconds() {
    List<Condition> merged =
        Conditions.merge(List.of(), List.of(ready(ConditionStatus.TRUE, "Ready", "ok")), T1);
    assertThat(merged)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
              assertThat(c.getObservedGeneration()).isEqualTo(3L);
              assertThat(c.getStatus()).isEqualTo("True");
            });
  }

  @Test
  void keepsTheTransitionTimeWhileTheStatusStaysEvenIfTheMessageChanges() {
    List<Condition> first =
        Conditions.merge(List.of(), List.of(ready(ConditionStatus.FALSE, "A", "one")), T1);
    List<Condition> second =
        Conditions.merge(first, List.of(ready(ConditionStatus.FALSE, "B", "two")), T2);
    assertThat(second.get(0).getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
    assertThat(second.get(0).getReason()).isEqualTo("B");
  }

  @Test
  void movesTheTransitionTimeWhenTheStatusFlips() {
    List<Condition> first =
        Conditions.merge(List.of(), List.of(ready(ConditionStatus.FALSE, "A", "one")), T1);
    List<Condition> second =
        Conditions.merge(first, List.of(ready(ConditionStatus.TRUE, "Ready", "ok")), T2);
    assertThat(second.get(0).getLastTransitionTime()).isEqualTo("2026-01-01T11:00:00Z");
  }

  @Test
  void recomputingTheSameConditionsGivesAnEqualList() {
    List<Condition> first =
        Conditions.merge(List.of(), List.of(ready(ConditionStatus.TRUE, "Ready", "ok")), T1);
    assertThat(Conditions.merge(first, List.of(ready(ConditionStatus.TRUE, "Ready", "ok")), T2))
        .isEqualTo(first);
  }

  @Test
  void capsVeryLongMessages() {
    String longMessage = "x".repeat(10_000);
    assertThat(
            Conditions.merge(List.of(), List.of(ready(ConditionStatus.FALSE, "A", longMessage)), T1)
                .get(0)
                .getMessage())
        .hasSize(Conditions.MAX_MESSAGE);
  }

  @Test
  void carriesOverAConditionAsItStands() {
    List<Condition> current =
        Conditions.merge(
            List.of(), List.of(ready(ConditionStatus.UNKNOWN, "Compiling", "wait")), T1);
    assertThat(Conditions.carryOver(current, "Ready"))
        .contains(ready(ConditionStatus.UNKNOWN, "Compiling", "wait"));
    assertThat(Conditions.carryOver(current, "Routed")).isEmpty();
  }

  @Test
  void aFailedWriteReplacesOnlyReadyAndKeepsTheOthers() {
    Clock clock =
        Clock.fixed(java.time.Instant.parse("2026-01-02T00:00:00Z"), java.time.ZoneOffset.UTC);
    List<io.fabric8.kubernetes.api.model.Condition> before =
        Conditions.merge(
            List.of(),
            List.of(
                new DesiredCondition("Ready", ConditionStatus.TRUE, "Ready", "fine", 1L),
                new DesiredCondition(
                    "WorkloadReady", ConditionStatus.TRUE, "PodsAvailable", "ok", 1L)),
            Clock.fixed(java.time.Instant.parse("2026-01-01T00:00:00Z"), java.time.ZoneOffset.UTC));
    List<io.fabric8.kubernetes.api.model.Condition> after =
        Conditions.failed(before, new ApplyFailure("ApplyForbidden", "no; retrying"), 2L, clock);
    assertThat(after)
        .extracting(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason())
        .containsExactly("Ready=False/ApplyForbidden", "WorkloadReady=True/PodsAvailable");
    assertThat(after.get(0).getLastTransitionTime()).isEqualTo("2026-01-02T00:00:00Z");
    assertThat(after.get(0).getObservedGeneration()).isEqualTo(2L);
    assertThat(after.get(1)).isEqualTo(before.get(1));
    // Failing again the same way changes nothing, so no second status write.
    assertThat(
            Conditions.failed(after, new ApplyFailure("ApplyForbidden", "no; retrying"), 2L, clock))
        .isEqualTo(after);
  }
}
