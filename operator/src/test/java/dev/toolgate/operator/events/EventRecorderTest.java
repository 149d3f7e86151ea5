package dev.toolgate.operator.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.operator.Fixtures;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EventRecorderTest {

  private final EventRecorder recorder =
      new EventRecorder(
          null, "op-0", Clock.fixed(Instant.parse("2026-01-01T10:00:00.123456Z"), ZoneOffset.UTC));

  @Test
  void describesAWarningAboutTheResourceInItsNamespace() {
    McpTool tool = Fixtures.tool(Fixtures.BILLING);
    Event event = recorder.build(tool, EventReason.InvalidSpec, "Reconcile", "spec.x: wrong");
    assertThat(event.getMetadata().getNamespace()).isEqualTo("tools");
    assertThat(event.getMetadata().getName()).startsWith("billing.");
    assertThat(event.getType()).isEqualTo("Warning");
    assertThat(event.getReason()).isEqualTo("InvalidSpec");
    assertThat(event.getRegarding().getKind()).isEqualTo("McpTool");
    assertThat(event.getRegarding().getUid()).isEqualTo("uid-billing");
    assertThat(event.getReportingController()).isEqualTo("toolgate.dev/operator");
    assertThat(event.getReportingInstance()).isEqualTo("op-0");
    assertThat(event.getEventTime().getTime()).isEqualTo("2026-01-01T10:00:00.123456Z");
  }

  @Test
  void keepsNotesUnderTheApiLimit() {
    Event event =
        recorder.build(
            Fixtures.tool(Fixtures.BILLING),
            EventReason.InvalidSpec,
            "Reconcile",
            "é".repeat(5000));
    assertThat(event.getNote().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(EventRecorder.MAX_NOTE);
    assertThat(event.getNote()).endsWith("...").hasSizeGreaterThan(400);
    assertThat(EventRecorder.truncate("short")).isEqualTo("short");
  }

  @Test
  void onlyConditionReasonsThatAreProblemsBecomeEvents() {
    assertThat(EventReason.forConditionReason("HostEgressNotEnforced"))
        .contains(EventReason.HostEgressNotEnforced);
    assertThat(EventReason.forConditionReason("Valid")).isEmpty();
  }
}
