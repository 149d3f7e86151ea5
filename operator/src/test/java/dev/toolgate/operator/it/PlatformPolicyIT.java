package dev.toolgate.operator.it;

import static dev.toolgate.operator.it.Cluster.condition;
import static dev.toolgate.operator.it.Cluster.toolCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.toolgate.api.v1alpha1.McpTool;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The optional platform policy on the real API server, with the operator as its ServiceAccount and
 * its settings read by the flag parser as an admin would give them: worker images must be pinned by
 * digest, a worker's env may read only Secrets carrying a label, and kube-system is never served. A
 * refused McpTool gets no Deployment.
 */
@OperatorFlags(
    identity = "platform-it",
    value = {"--require-image-digests", "--env-secret-label=" + PlatformPolicyIT.LABEL + "=true"})
class PlatformPolicyIT extends OperatorOnApiServer {

  private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);
  static final String LABEL = "toolgate.dev/worker-env";

  private static void tool(String namespace, String image, String env) {
    ApiServer.namespace(admin, namespace, Map.of());
    cluster.apply(
        """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpTool
        metadata: {name: billing, namespace: %s}
        spec:
          toolPrefix: %s
          image: %s
          env: %s
          tools: [{name: get_invoice}]
        """
            .formatted(namespace, namespace.replace("-", ""), image, env),
        McpTool.class);
  }

  private static void secret(String namespace, boolean labelled) {
    admin
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("billing-db")
                .withNamespace(namespace)
                .withLabels(labelled ? Map.of(LABEL, "true") : Map.of())
                .endMetadata()
                .withStringData(Map.of("password", "s3cret-value"))
                .build())
        .createOr(s -> s.update());
  }

  private static final String DB_ENV =
      "[{name: DB, valueFrom: {secretKeyRef: {name: billing-db, key: password}}}]";

  private static Deployment deployment(String namespace) {
    return admin.apps().deployments().inNamespace(namespace).withName("billing").get();
  }

  private static Deployment awaitDeployment(String namespace) {
    return await().atMost(Cluster.WAIT).until(() -> deployment(namespace), d -> d != null);
  }

  private static String policyValidMessage(McpTool tool) {
    return condition(tool.getStatus().getConditions(), "PolicyValid").orElseThrow().getMessage();
  }

  private static List<Event> awaitEvent(String namespace, String reason) {
    return await()
        .atMost(Cluster.WAIT)
        .until(
            () -> admin.events().v1().events().inNamespace(namespace).list().getItems(),
            events -> events.stream().anyMatch(e -> reason.equals(e.getReason())));
  }

  @Test
  void anImageByTagIsRefusedWithItsFieldPathAndGetsNoDeployment() {
    tool("by-tag", "registry.example/billing-mcp:1.4.2", "[]");
    McpTool tool =
        cluster.awaitTool(
            "by-tag", "billing", toolCondition("PolicyValid", "False", "ImageNotPinned"));
    assertThat(policyValidMessage(tool))
        .contains("spec.image: registry.example/billing-mcp:1.4.2 is not pinned by digest")
        .contains("--require-image-digests");
    awaitEvent("by-tag", "ImageNotPinned");
    assertThat(deployment("by-tag")).isNull();
  }

  @Test
  void anImagePinnedByDigestGetsItsWorker() {
    tool("by-digest", "registry.example/billing-mcp@" + DIGEST, "[]");
    assertThat(awaitDeployment("by-digest").getSpec().getTemplate().getSpec().getContainers())
        .singleElement()
        .extracting(c -> c.getImage())
        .isEqualTo("registry.example/billing-mcp@" + DIGEST);
  }

  @Test
  void aLabelledSecretIsAcceptedForTheWorkersEnv() {
    ApiServer.namespace(admin, "labelled", Map.of());
    secret("labelled", true);
    tool("labelled", "registry.example/billing-mcp@" + DIGEST, DB_ENV);
    awaitDeployment("labelled");
    cluster.awaitTool("labelled", "billing", toolCondition("PolicyValid", "True", "Valid"));
  }

  @Test
  void anUnlabelledSecretIsRefusedUntilItGetsTheLabel() {
    ApiServer.namespace(admin, "unlabelled", Map.of());
    secret("unlabelled", false);
    tool("unlabelled", "registry.example/billing-mcp@" + DIGEST, DB_ENV);
    McpTool tool =
        cluster.awaitTool(
            "unlabelled", "billing", toolCondition("PolicyValid", "False", "EnvSecretNotAllowed"));
    assertThat(policyValidMessage(tool))
        .contains(
            "spec.env[0].valueFrom.secretKeyRef: Secret unlabelled/billing-db does not carry the"
                + " label toolgate.dev/worker-env=true");
    awaitEvent("unlabelled", "EnvSecretNotAllowed");
    assertThat(deployment("unlabelled")).isNull();

    // Labelling the Secret is an event of the labelled-Secret informer: the McpTool naming it
    // is reconciled again and gets its worker, with nothing else changed.
    secret("unlabelled", true);
    awaitDeployment("unlabelled");
    cluster.awaitTool("unlabelled", "billing", toolCondition("PolicyValid", "True", "Valid"));
  }

  @Test
  void anMcpToolInKubeSystemIsNeverServed() {
    tool("kube-system", "registry.example/billing-mcp@" + DIGEST, "[]");
    McpTool tool =
        cluster.awaitTool(
            "kube-system",
            "billing",
            toolCondition("PolicyValid", "False", "NamespaceNotServed")
                .and(toolCondition("Routed", "False", "NamespaceNotServed")));
    assertThat(policyValidMessage(tool))
        .contains("metadata.namespace: namespace kube-system is never served");
    assertThat(deployment("kube-system")).isNull();
  }
}
