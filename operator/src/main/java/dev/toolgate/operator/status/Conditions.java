package dev.toolgate.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns desired conditions into status conditions. A condition keeps its lastTransitionTime while
 * its status stays the same, even when reason or message change, as the Kubernetes API conventions
 * ask; so recomputing an unchanged status gives an equal list and no write.
 */
public final class Conditions {

  /** Kubernetes caps a condition message at 32768 bytes; stay well below for kubectl's sake. */
  static final int MAX_MESSAGE = 2048;

  private Conditions() {}

  public static List<Condition> merge(
      List<Condition> previous, List<DesiredCondition> desired, Clock clock) {
    String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    List<Condition> merged = new ArrayList<>();
    for (DesiredCondition condition : desired) {
      String since =
          find(previous, condition.type())
              .filter(old -> condition.status().wire().equals(old.getStatus()))
              .map(Condition::getLastTransitionTime)
              .filter(Objects::nonNull)
              .orElse(now);
      merged.add(
          new ConditionBuilder()
              .withType(condition.type())
              .withStatus(condition.status().wire())
              .withReason(condition.reason())
              .withMessage(truncate(condition.message()))
              .withObservedGeneration(condition.observedGeneration())
              .withLastTransitionTime(since)
              .build());
    }
    return merged;
  }

  /**
   * The conditions as they stand with {@code Ready} saying why the last write failed; the others
   * are kept, since nothing new is known about them.
   */
  public static List<Condition> failed(
      List<Condition> previous, ApplyFailure failure, long generation, Clock clock) {
    List<Condition> current = previous == null ? List.of() : previous;
    DesiredCondition ready =
        new DesiredCondition(
            ConditionTypes.READY,
            ConditionStatus.FALSE,
            failure.reason(),
            failure.message(),
            generation);
    List<Condition> merged = new ArrayList<>(merge(current, List.of(ready), clock));
    current.stream().filter(c -> !ConditionTypes.READY.equals(c.getType())).forEach(merged::add);
    return merged;
  }

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return Optional.empty();
    }
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** The condition as it stands, to carry over unchanged when its inputs are not known yet. */
  public static Optional<DesiredCondition> carryOver(List<Condition> conditions, String type) {
    return find(conditions, type)
        .map(
            c ->
                new DesiredCondition(
                    c.getType(),
                    statusOf(c.getStatus()),
                    c.getReason(),
                    c.getMessage(),
                    c.getObservedGeneration()));
  }

  private static ConditionStatus statusOf(String wire) {
    for (ConditionStatus status : ConditionStatus.values()) {
      if (status.wire().equals(wire)) {
        return status;
      }
    }
    return ConditionStatus.UNKNOWN;
  }

  static String truncate(String message) {
    if (message == null || message.length() <= MAX_MESSAGE) {
      return message;
    }
    return message.substring(0, MAX_MESSAGE - 1) + "…";
  }
}
