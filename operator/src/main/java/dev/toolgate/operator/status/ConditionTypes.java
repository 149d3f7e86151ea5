package dev.toolgate.operator.status;

/** Condition types and reasons, as {@code kubectl get -o yaml} and alerts see them. */
public final class ConditionTypes {

  public static final String READY = "Ready";
  public static final String WORKLOAD_READY = "WorkloadReady";
  public static final String ROUTED = "Routed";
  public static final String POLICY_VALID = "PolicyValid";

  private ConditionTypes() {}

  /** CamelCase reasons. */
  public static final class Reasons {
    public static final String READY = "Ready";
    public static final String COMPILING = "Compiling";

    public static final String REMOTE_SERVER = "RemoteServer";
    public static final String PODS_AVAILABLE = "PodsAvailable";
    public static final String PODS_UNAVAILABLE = "PodsUnavailable";
    public static final String ROLLING_OUT = "RollingOut";
    public static final String SCALED_TO_ZERO = "ScaledToZero";
    public static final String PROGRESS_DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";
    public static final String WORKLOAD_PENDING = "WorkloadPending";

    public static final String ROUTED = "Routed";
    public static final String NOT_ROUTED = "NotRouted";

    public static final String VALID = "Valid";
    public static final String INVALID_SPEC = "InvalidSpec";
    public static final String INVALID_POLICY = "InvalidPolicy";
    public static final String HOST_EGRESS_NOT_ENFORCED = "HostEgressNotEnforced";

    public static final String IN_FORCE = "InForce";
    public static final String NOT_IN_FORCE = "NotInForce";
    public static final String INVALID_GRANT = "InvalidGrant";

    private Reasons() {}
  }
}
