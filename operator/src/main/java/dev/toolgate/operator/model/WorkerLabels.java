package dev.toolgate.operator.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels on every object the operator owns, in one place. Informers select on {@link
 * #MANAGED_SELECTOR}, so the operator caches only its own objects.
 */
public final class WorkerLabels {

  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String PART_OF = "app.kubernetes.io/part-of";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  /** The McpTool a worker object belongs to. */
  public static final String MCPTOOL = "toolgate.dev/mcptool";

  public static final String OPERATOR = "toolgate-operator";
  public static final String PRODUCT = "toolgate";

  /**
   * Worker pods are named {@code mcp-worker}, never after the McpTool: an McpTool called {@code
   * toolgate-gateway} must not pass for a gateway pod in NetworkPolicies.
   */
  public static final String WORKER = "mcp-worker";

  public static final String GATEWAY_CONFIG = "gateway-config";

  public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + OPERATOR;

  /** Every worker pod of every McpTool: the operator reads their status for WorkloadReady. */
  public static final String WORKER_POD_SELECTOR =
      COMPONENT + "=" + WORKER + "," + MANAGED_SELECTOR + "," + MCPTOOL;

  private WorkerLabels() {}

  /** Labels of every object that belongs to one McpTool's worker. */
  public static Map<String, String> forWorker(String mcpToolName) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(NAME, WORKER);
    labels.put(INSTANCE, mcpToolName);
    labels.put(COMPONENT, WORKER);
    labels.put(PART_OF, PRODUCT);
    labels.put(MANAGED_BY, OPERATOR);
    labels.put(MCPTOOL, mcpToolName);
    return labels;
  }

  /** The pod selector of one McpTool's worker; immutable once a Deployment exists. */
  public static Map<String, String> workerSelector(String mcpToolName) {
    Map<String, String> selector = new LinkedHashMap<>();
    selector.put(MCPTOOL, mcpToolName);
    selector.put(COMPONENT, WORKER);
    return selector;
  }

  /** Labels of the gateway config ConfigMap. */
  public static Map<String, String> forGatewayConfig() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(COMPONENT, GATEWAY_CONFIG);
    labels.put(PART_OF, PRODUCT);
    labels.put(MANAGED_BY, OPERATOR);
    return labels;
  }
}
