package dev.toolgate.operator.status;

/** The three values of a Kubernetes condition's status. */
public enum ConditionStatus {
  TRUE("True"),
  FALSE("False"),
  UNKNOWN("Unknown");

  private final String wire;

  ConditionStatus(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static ConditionStatus of(boolean value) {
    return value ? TRUE : FALSE;
  }
}
