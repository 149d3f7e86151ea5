package dev.toolgate.operator.events;

import dev.toolgate.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Emits a Warning event when a condition turns False or its complaint changes, and not on every
 * reconcile of an unchanged problem, so events stay a signal.
 */
public final class ConditionEvents {

  /** Where warnings go: the {@link EventRecorder}, or a list in tests. */
  interface Sink {
    void warn(HasMetadata resource, EventReason reason, String action, String note);
  }

  private final Sink recorder;

  private final ToldOnce told = new ToldOnce();

  public ConditionEvents(EventRecorder recorder) {
    this(recorder::warn);
  }

  ConditionEvents(Sink sink) {
    this.recorder = sink;
  }

  public void warnOnNewProblem(
      HasMetadata resource,
      List<Condition> before,
      List<Condition> after,
      String conditionType,
      String action) {
    Optional<Condition> now = Conditions.find(after, conditionType);
    if (now.isEmpty() || !"False".equals(now.get().getStatus())) {
      return;
    }
    Optional<Condition> then = Conditions.find(before, conditionType);
    boolean same =
        then.isPresent()
            && Objects.equals(then.get().getStatus(), now.get().getStatus())
            && Objects.equals(then.get().getReason(), now.get().getReason())
            && Objects.equals(then.get().getMessage(), now.get().getMessage());
    if (same) {
      return;
    }
    if (!told.first(
        resource, conditionType + "/" + now.get().getReason() + "/" + now.get().getMessage())) {
      return;
    }
    EventReason.forConditionReason(now.get().getReason())
        .ifPresent(reason -> recorder.warn(resource, reason, action, now.get().getMessage()));
  }
}
