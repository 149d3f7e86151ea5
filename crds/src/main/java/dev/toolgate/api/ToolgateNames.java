package dev.toolgate.api;

/**
 * Names that the operator, the compiler and the gateway must agree on, kept in one place. A
 * worker's Service carries the McpTool's name, so the compiler can derive the upstream URL without
 * reading the cluster.
 */
public final class ToolgateNames {

  /** The ConfigMap the operator writes the compiled gateway config to. */
  public static final String GATEWAY_CONFIGMAP = "toolgate-gateway-config";

  /** The key of the config in that ConfigMap; also the dev-mode file name. */
  public static final String GATEWAY_CONFIG_KEY = "gateway-config.yaml";

  /**
   * The annotation on an McpTool with {@code pinSchemas: true} that approves tool definitions:
   * {@code <tool>=<schema hash>} pairs, comma-separated; each moves the tool's pin to that hash.
   */
  public static final String APPROVE_SCHEMAS_ANNOTATION = "toolgate.dev/approve-schemas";

  /** The annotation on the ConfigMap carrying the config's content hash. */
  public static final String CONFIG_HASH_ANNOTATION = "toolgate.dev/config-hash";

  /**
   * The McpGateway the operator serves in its namespace, and the gateway reports to, unless a
   * setting names another.
   */
  public static final String DEFAULT_MCPGATEWAY = "toolgate";

  /** The cluster's DNS domain unless the operator's and the gateway's settings name another. */
  public static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";

  /**
   * The server-side apply field manager of the gateway's writes: only {@code status.gateway} of its
   * own McpGateway.
   */
  public static final String GATEWAY_FIELD_MANAGER = "toolgate-gateway";

  public static final int DEFAULT_PORT = 8080;
  public static final String DEFAULT_PATH = "/mcp";
  public static final String DEFAULT_TIMEOUT = "30s";

  /**
   * The label that marks gateway pods, and its value. Worker NetworkPolicies admit traffic only
   * from pods carrying it in the gateway's namespace, so worker pods must never carry it.
   */
  public static final String GATEWAY_POD_LABEL = "app.kubernetes.io/name";

  public static final String GATEWAY_POD_LABEL_VALUE = "toolgate-gateway";

  /**
   * The label a Secret carries when McpTools may redact its values ({@code
   * spec.redact.secretRefs}), as a label selector: the operator reads and caches only such Secrets.
   */
  public static final String REDACT_SECRET_SELECTOR = "toolgate.dev/redact=true";

  /**
   * The namespace the operator never serves, whatever its settings say: the cluster's own
   * components run there, and a worker or route there would sit beside them.
   */
  public static final String NEVER_SERVED_NAMESPACE = "kube-system";

  private ToolgateNames() {}

  /** The name of the worker's Service (and Deployment): the McpTool's own name. */
  public static String workerName(String mcpToolName) {
    return mcpToolName;
  }

  /** The in-cluster URL of a worker's MCP endpoint. */
  public static String workerUrl(
      String namespace, String mcpToolName, int port, String path, String clusterDomain) {
    return "http://"
        + workerName(mcpToolName)
        + "."
        + namespace
        + ".svc."
        + clusterDomain
        + ":"
        + port
        + path;
  }

  /** The gateway path that relays one McpTool's server unchanged. */
  public static String passthroughPath(String namespace, String mcpToolName) {
    return "/mcp/tools/" + namespace + "/" + mcpToolName;
  }

  /** A tool's name on the aggregated endpoint. */
  public static String exposedName(String toolPrefix, String toolName) {
    return toolPrefix + "." + toolName;
  }

  /**
   * Scope strings starting with this are the gateway's own: the compiler refuses them in McpTools
   * and McpScopes, so no tool or McpScope can take one (an RFC 6749 scope token may use any
   * printable character, so only a reservation keeps them apart).
   */
  public static final String RESERVED_SCOPE_PREFIX = "toolgate:";

  /**
   * The scope that grants one McpTool's passthrough endpoint everything but {@code tools/call}
   * (which needs the tool's own scope): initialize, lists, resources, prompts, completion, logging,
   * notifications and answers to the worker's requests.
   */
  public static String passthroughScope(String namespace, String mcpToolName) {
    return RESERVED_SCOPE_PREFIX + "passthrough:" + namespace + "/" + mcpToolName;
  }

  /** Whether a scope string belongs to the gateway ({@link #RESERVED_SCOPE_PREFIX}). */
  public static boolean isReservedScope(String scope) {
    return scope != null
        && scope.regionMatches(true, 0, RESERVED_SCOPE_PREFIX, 0, RESERVED_SCOPE_PREFIX.length());
  }

  /** The scope that grants one tool when its policy names none: one scope per tool. */
  public static String defaultScope(String toolPrefix, String toolName) {
    return toolPrefix + "." + toolName;
  }
}
