package dev.toolgate.api.compiler;

/**
 * One problem the compiler found.
 *
 * @param resource the McpTool or McpScope it is about
 * @param field the path of the offending field, for example {@code spec.tools[get_invoice].cache}
 * @param message what is wrong and what was left out because of it
 * @param reason a CamelCase reason for the condition and event when the problem is one users should
 *     tell apart (a name someone else owns, a forbidden address, ...), or {@code null} for a plain
 *     invalid policy
 */
public record Violation(ResourceRef resource, String field, String message, String reason) {

  /** The name or scope string belongs to an earlier McpTool or McpScope. */
  public static final String NAME_TAKEN = "NameTaken";

  /** {@code spec.remote.url} points where the gateway may not send requests. */
  public static final String UPSTREAM_NOT_ALLOWED = "UpstreamNotAllowed";

  /** The namespace (or the whole config) is over its size budget; the newest entries are out. */
  public static final String CONFIG_BUDGET_EXCEEDED = "ConfigBudgetExceeded";

  /** A timeout above the operator's bound; the bound applies. */
  public static final String TIMEOUT_ABOVE_LIMIT = "TimeoutAboveLimit";

  /** A sandbox egress rule reaches a range the platform denies, or every address. */
  public static final String EGRESS_NOT_ALLOWED = "EgressNotAllowed";

  /**
   * A Secret the McpTool redacts cannot be fingerprinted (not found, no such key, too short, no
   * redaction key): the McpTool is not routed, since its results could carry the value.
   */
  public static final String REDACTION_SECRET_UNAVAILABLE = "RedactionSecretUnavailable";

  /** The platform requires worker images pinned by digest and this one is not. */
  public static final String IMAGE_NOT_PINNED = "ImageNotPinned";

  /** A worker env var reads a Secret that does not carry the label the platform requires. */
  public static final String ENV_SECRET_NOT_ALLOWED = "EnvSecretNotAllowed";

  /** The resource lies in a namespace that is never served (kube-system). */
  public static final String NAMESPACE_NOT_SERVED = "NamespaceNotServed";

  public Violation(ResourceRef resource, String field, String message) {
    this(resource, field, message, null);
  }

  @Override
  public String toString() {
    return resource + ": " + field + ": " + message;
  }
}
