package dev.toolgate.operator.status;

import dev.toolgate.api.compiler.Violation;
import dev.toolgate.api.v1alpha1.GatewayReport;
import dev.toolgate.operator.routing.Exclusion;
import java.util.List;

/** Condition types and reasons, as {@code kubectl get -o yaml} and alerts see them. */
public final class ConditionTypes {

  public static final String READY = "Ready";
  public static final String WORKLOAD_READY = "WorkloadReady";
  public static final String ROUTED = "Routed";
  public static final String POLICY_VALID = "PolicyValid";
  public static final String SANDBOX_ISOLATED = "SandboxIsolated";

  /** Only on McpTools that pin tool definitions: every pinned tool lists its approved one. */
  public static final String SCHEMAS_APPROVED = "SchemasApproved";

  /** An McpGateway's condition that the gateway itself reports, under {@code status.gateway}. */
  public static final String CONFIG_LOADED = GatewayReport.CONFIG_LOADED;

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

    /** What the worker pods say, when they are why the workload is not available. */
    public static final String OOM_KILLED = "OOMKilled";

    public static final String CRASH_LOOP_BACK_OFF = "CrashLoopBackOff";
    public static final String IMAGE_PULL_FAILED = "ImagePullFailed";
    public static final String CONTAINER_CONFIG_ERROR = "ContainerConfigError";
    public static final String UNSCHEDULABLE = "Unschedulable";
    public static final String READINESS_FAILING = "ReadinessFailing";

    public static final String ROUTED = "Routed";
    public static final String NOT_ROUTED = "NotRouted";

    /** Compiled, but the gateway has not reported loading a config that holds the route. */
    public static final String AWAITING_GATEWAY = "AwaitingGateway";

    /** The gateway refused the config that holds the route. */
    public static final String CONFIG_REJECTED = GatewayReport.CONFIG_REJECTED;

    /** There is no McpGateway to compile for. */
    public static final String NO_GATEWAY = Exclusion.NO_GATEWAY;

    /** The McpGateway does not serve the resource's namespace. */
    public static final String NAMESPACE_NOT_SERVED = Exclusion.NAMESPACE_NOT_SERVED;

    /** McpGateway: the config is compiled and written to its ConfigMap. */
    public static final String COMPILED = "Compiled";

    public static final String VALID = "Valid";
    public static final String INVALID_SPEC = "InvalidSpec";
    public static final String INVALID_POLICY = "InvalidPolicy";
    public static final String HOST_EGRESS_NOT_ENFORCED = "HostEgressNotEnforced";

    /** Failures to write to the API server, set on Ready while the operator retries. */
    public static final String APPLY_FORBIDDEN = "ApplyForbidden";

    public static final String APPLY_CONFLICT = "ApplyConflict";
    public static final String ADMISSION_DENIED = "AdmissionDenied";
    public static final String API_SERVER_ERROR = "ApiServerError";
    public static final String APPLY_FAILED = "ApplyFailed";

    public static final String ISOLATED = "Isolated";
    public static final String APPROVED = "Approved";
    public static final String SCHEMA_DRIFT = "SchemaDrift";
    public static final String WIDENED_BY_POLICY = "WidenedByPolicy";

    public static final String IN_FORCE = "InForce";
    public static final String NOT_IN_FORCE = "NotInForce";
    public static final String INVALID_GRANT = "InvalidGrant";

    public static final String NAME_TAKEN = Violation.NAME_TAKEN;
    public static final String UPSTREAM_NOT_ALLOWED = Violation.UPSTREAM_NOT_ALLOWED;
    public static final String CONFIG_BUDGET_EXCEEDED = Violation.CONFIG_BUDGET_EXCEEDED;
    public static final String TIMEOUT_ABOVE_LIMIT = Violation.TIMEOUT_ABOVE_LIMIT;
    public static final String EGRESS_NOT_ALLOWED = Violation.EGRESS_NOT_ALLOWED;
    public static final String REDACTION_SECRET_UNAVAILABLE =
        Violation.REDACTION_SECRET_UNAVAILABLE;

    /** Reasons that say why a resource, or a part of it, was refused, most telling first. */
    private static final List<String> REFUSALS =
        List.of(NAME_TAKEN, UPSTREAM_NOT_ALLOWED, EGRESS_NOT_ALLOWED, CONFIG_BUDGET_EXCEEDED);

    private Reasons() {}

    /**
     * The condition reason for compiler violations: a refusal (a name someone else owns, a
     * forbidden address, the size budget) when there is one, else {@code fallback} when some
     * violation has no reason of its own, else the first violation's reason.
     */
    public static String forViolations(List<Violation> violations, String fallback) {
      for (String refusal : REFUSALS) {
        if (violations.stream().anyMatch(v -> refusal.equals(v.reason()))) {
          return refusal;
        }
      }
      if (violations.stream().anyMatch(v -> v.reason() == null)) {
        return fallback;
      }
      return violations.stream().map(Violation::reason).findFirst().orElse(fallback);
    }
  }
}
