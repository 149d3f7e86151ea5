package dev.toolgate.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import dev.toolgate.api.ToolgateNames;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Toolgate installed on the node the way the README says: {@code helm upgrade --install} of
 * charts/toolgate (Helm's own Go library, through helm-java) with the images imported into the
 * node, then McpTools applied with kubectl into a namespace that enforces the {@code restricted}
 * Pod Security Standard. Installed once per test run.
 */
final class Toolgate {

  static final String NAMESPACE = "toolgate-system";
  static final String TOOLS = "tools";
  static final Path CHART = KubeNode.REPO.resolve("charts/toolgate");
  static final Duration WAIT = Duration.ofMinutes(3);
  static final ResourceDefinitionContext MCPTOOLS =
      new ResourceDefinitionContext.Builder()
          .withGroup("toolgate.dev")
          .withVersion("v1alpha1")
          .withKind("McpTool")
          .withPlural("mcptools")
          .withNamespaced(true)
          .build();

  /** Namespaces of workers enforce the "restricted" Pod Security Standard. */
  static final Map<String, String> RESTRICTED =
      Map.of(
          "pod-security.kubernetes.io/enforce", "restricted",
          "pod-security.kubernetes.io/enforce-version", "latest");

  private static Toolgate installed;

  final KubeNode node;

  private Toolgate(KubeNode node) {
    this.node = node;
  }

  /** The node with Toolgate installed and the {@code tools} namespace ready. */
  static synchronized Toolgate get() {
    KubeNode node = KubeNode.get();
    if (installed == null) {
      // A node kept from an earlier run (TOOLGATE_KEEP_NODE) has the release already.
      boolean present =
          !node.admin
              .secrets()
              .inNamespace(NAMESPACE)
              .withLabel("owner", "helm")
              .withLabel("name", "toolgate")
              .list()
              .getItems()
              .isEmpty();
      if (!present) {
        Release release =
            new Helm(CHART)
                .install()
                .withName("toolgate")
                .withNamespace(NAMESPACE)
                .createNamespace()
                .withKubeConfigContents(node.kubeconfig)
                // One gateway pod: MCP sessions live in the gateway process that opened them.
                .set("gateway.replicas", 1)
                // No token issuer on this node yet: the gateway serves callers without tokens.
                .set("gateway.allowAnonymous", true)
                // The gateway reaches the API server at this machine's address, port 16443.
                .set("networkPolicy.apiServer.port", 16443)
                .set("networkPolicy.apiServer.cidrs[0]", node.nodeIp() + "/32")
                .call();
        assertThat(release.getStatus()).isEqualTo("deployed");
      }
      for (String deployment : List.of("toolgate-operator", "toolgate-gateway")) {
        awaitAvailable(node, NAMESPACE, deployment);
      }
      node.namespace(TOOLS, RESTRICTED);
      installed = new Toolgate(node);
    }
    return installed;
  }

  static void awaitAvailable(KubeNode node, String namespace, String name) {
    try {
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> node.admin.apps().deployments().inNamespace(namespace).withName(name).get(),
              d ->
                  d != null
                      && d.getStatus() != null
                      && d.getStatus().getConditions() != null
                      && d.getStatus().getConditions().stream()
                          .anyMatch(
                              c ->
                                  c.getType().equals("Available") && c.getStatus().equals("True")));
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "Deployment " + namespace + "/" + name + " never became available\n" + describe(node), e);
    }
  }

  /** Pods and their states, for failure messages. */
  static String describe(KubeNode node) {
    return node.kubectl(null, "get", "pods,deployments", "-A", "-o", "wide").stdout();
  }

  /**
   * What decides whether a route counts as served, for failure messages: the hash the gateway
   * reports on its McpGateway, the one the ConfigMap holds, and what the operator and the gateway
   * last logged about configs.
   */
  String routingState() {
    StringBuilder out = new StringBuilder("\n--- McpGateway status\n");
    out.append(node.kubectl(null, "get", "mcpgateways", "-n", NAMESPACE, "-o", "yaml").stdout());
    out.append("--- ConfigMap hash: ")
        .append(
            node.kubectl(
                    null,
                    "get",
                    "configmap",
                    "-n",
                    NAMESPACE,
                    ToolgateNames.GATEWAY_CONFIGMAP,
                    "-o",
                    "jsonpath={.metadata.annotations}")
                .stdout())
        .append('\n');
    for (String deployment : List.of("toolgate-operator", "toolgate-gateway")) {
      out.append("--- last log lines of ").append(deployment).append('\n');
      String log =
          node.kubectl(null, "logs", "-n", NAMESPACE, "deploy/" + deployment, "--tail=400")
              .stdout();
      String kept =
          String.join(
              "\n",
              log.lines()
                  .filter(l -> l.contains("onfig") || l.contains("WARN") || l.contains("ERROR"))
                  .toList());
      out.append(kept.length() > 12_000 ? kept.substring(kept.length() - 12_000) : kept);
      out.append('\n');
    }
    return out.toString();
  }

  GenericKubernetesResource tool(String namespace, String name) {
    return node.admin
        .genericKubernetesResources(MCPTOOLS)
        .inNamespace(namespace)
        .withName(name)
        .get();
  }

  static Condition condition(GenericKubernetesResource tool, String type) {
    if (tool == null || tool.get("status") == null) {
      return null;
    }
    dev.toolgate.api.v1alpha1.McpTool typed =
        Serialization.unmarshal(
            Serialization.asJson(tool), dev.toolgate.api.v1alpha1.McpTool.class);
    List<Condition> conditions = typed.getStatus().getConditions();
    return conditions == null
        ? null
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  /** Waits until the McpTool's condition has this status and reason; shows the last status. */
  Condition awaitCondition(
      String namespace, String name, String type, String status, String reason) {
    try {
      return await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> condition(tool(namespace, name), type),
              c ->
                  c != null
                      && status.equals(c.getStatus())
                      && (reason == null || reason.equals(c.getReason())));
    } catch (ConditionTimeoutException e) {
      GenericKubernetesResource last = tool(namespace, name);
      throw new AssertionError(
          "McpTool %s/%s never had %s=%s (%s); status is\n%s\n%s"
              .formatted(
                  namespace,
                  name,
                  type,
                  status,
                  reason,
                  last == null ? "(none)" : Serialization.asYaml(last.get("status")),
                  describe(node) + routingState()),
          e);
    }
  }

  /** The worker pods of an McpTool (the operator's labels). */
  List<Pod> workerPods(String namespace, String tool) {
    return node.admin
        .pods()
        .inNamespace(namespace)
        .withLabels(
            Map.of("toolgate.dev/mcptool", tool, "app.kubernetes.io/component", "mcp-worker"))
        .list()
        .getItems();
  }

  /** The one Running and Ready worker pod of an McpTool. */
  Pod readyWorkerPod(String namespace, String tool) {
    return await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                workerPods(namespace, tool).stream()
                    .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                    .filter(
                        p ->
                            p.getStatus().getConditions().stream()
                                .anyMatch(
                                    c ->
                                        c.getType().equals("Ready")
                                            && c.getStatus().equals("True")))
                    .findFirst()
                    .orElse(null),
            p -> p != null);
  }

  /** The gateway config the operator compiled (ConfigMap toolgate-gateway-config). */
  String gatewayConfig() {
    var map =
        node.admin.configMaps().inNamespace(NAMESPACE).withName("toolgate-gateway-config").get();
    return map == null || map.getData() == null ? "" : String.join("\n", map.getData().values());
  }

  Deployment operator() {
    return node.admin
        .apps()
        .deployments()
        .inNamespace(NAMESPACE)
        .withName("toolgate-operator")
        .get();
  }
}
