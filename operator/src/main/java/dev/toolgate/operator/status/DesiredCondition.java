package dev.toolgate.operator.status;

/**
 * A condition as the reconciler wants it, before timestamps.
 *
 * @param type a positive type such as {@code Ready}
 * @param status True, False or Unknown
 * @param reason a CamelCase word for machines
 * @param message a sentence for people
 * @param observedGeneration the generation this condition was computed from
 */
public record DesiredCondition(
    String type, ConditionStatus status, String reason, String message, Long observedGeneration) {

  public boolean isTrue() {
    return status == ConditionStatus.TRUE;
  }
}
