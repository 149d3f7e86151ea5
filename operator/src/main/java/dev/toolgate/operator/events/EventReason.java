package dev.toolgate.operator.events;

/** Why the operator tells a user something through an Event. */
public enum EventReason {
  /** The worker spec (or an McpGateway's spec) cannot be turned into valid objects. */
  InvalidSpec,
  /** A tool policy was left out of the gateway config. */
  InvalidPolicy,
  /** Egress to DNS hosts was declared but nothing in the cluster can enforce it. */
  HostEgressNotEnforced,
  /** An McpScope grants tools that do not exist or are not exposed. */
  InvalidGrant,
  /** An McpScope is not in the gateway config at all. */
  NotInForce,
  /**
   * A tool prefix, exposed name or scope string belongs to an older McpTool or McpScope, or the
   * gateway dropped a tool discovered at run time whose name another upstream keeps.
   */
  NameTaken,
  /** {@code spec.remote.url} points where the gateway may not send requests. */
  UpstreamNotAllowed,
  /** The namespace or the whole config is over its size budget; this resource was left out. */
  ConfigBudgetExceeded,
  /** A timeout above the operator's bound; the bound applies. */
  TimeoutAboveLimit,
  /** A sandbox egress rule reaches a range the platform denies, or every address. */
  EgressNotAllowed,
  /** A Secret an McpTool redacts cannot be fingerprinted: the McpTool stays unrouted. */
  RedactionSecretUnavailable,
  /** The platform requires worker images pinned by digest ({@code --require-image-digests}). */
  ImageNotPinned,
  /** A worker env var reads a Secret without the platform's label ({@code --env-secret-label}). */
  EnvSecretNotAllowed,
  /** An McpTool in kube-system, which is never served. */
  NamespaceNotServed,
  /** The operator's ServiceAccount may not write a worker object (RBAC). */
  ApplyForbidden,
  /** Another writer changed an object between read and write. */
  ApplyConflict,
  /** An admission webhook or ValidatingAdmissionPolicy refused a write. */
  AdmissionDenied,
  /** The API server failed (5xx, timeout): retried. */
  ApiServerError,
  /** Any other failure to apply. */
  ApplyFailed,
  /** A worker container was killed for exceeding its memory limit. */
  OOMKilled,
  /** A worker container keeps exiting. */
  CrashLoopBackOff,
  /** The worker image cannot be pulled. */
  ImagePullFailed,
  /** A worker container cannot be created (a missing Secret or ConfigMap key, for example). */
  ContainerConfigError,
  /** No node can take a worker pod. */
  Unschedulable,
  /** Another NetworkPolicy selects a worker's pods and allows more than the McpTool declares. */
  WidenedByPolicy,
  /** The gateway refused the config that holds a route (on the McpGateway and the McpTool). */
  ConfigRejected,
  /** A pinned tool's server lists a definition other than the approved one: it is withheld. */
  SchemaDrift,
  /** An unpinned tool's definition changed (a Normal event: the gateway serves the new one). */
  SchemaChanged;

  // ReadinessFailing is left out: every pod is briefly not ready while it starts.

  /** The reason for a condition reason, when the condition is one users should be told about. */
  public static java.util.Optional<EventReason> forConditionReason(String reason) {
    for (EventReason value : values()) {
      if (value.name().equals(reason)) {
        return java.util.Optional.of(value);
      }
    }
    return java.util.Optional.empty();
  }
}
