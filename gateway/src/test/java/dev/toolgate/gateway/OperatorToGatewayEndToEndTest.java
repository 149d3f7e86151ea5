package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.toolgate.api.ToolgateNames;
import dev.toolgate.api.v1alpha1.McpGateway;
import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.examples.conformance.ConformanceWorker;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The product's whole control and data path on a real kube-apiserver: an McpTool applied to the
 * cluster is compiled by the operator (its packaged jar, in its own process) into the gateway
 * ConfigMap, which a gateway following it as its own ServiceAccount turns into a callable tool and
 * reports as loaded on its McpGateway, which makes the McpTool Routed; the exact value of a Secret
 * the McpTool redacts, fingerprinted by the operator with the key both share, never reaches the
 * caller; a deleted McpTool disappears from the gateway again.
 */
@EnableKubeAPIServer
class OperatorToGatewayEndToEndTest {

  /**
   * A value only the labelled Secret holds: the operator reads it, the gateway must not echo it.
   */
  private static final String STRIPE_KEY = "rk_live_51NzQe2Lk8VbT0yHs4Jd7Wq";

  @KubeConfig static String kubeconfig;

  static OperatorAndGateway cluster;
  static ConformanceWorker worker;

  @AfterAll
  static void stopAll() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
    if (worker != null) {
      worker.close();
    }
  }

  @Test
  void anMcpToolAppliedToTheClusterBecomesCallableThroughTheGatewayAndGoesAwayWhenDeleted()
      throws Exception {
    // The key the chart mounts into both.
    Path redactionKey = Files.createTempFile("redaction", ".key");
    Files.writeString(redactionKey, "e2e-shared-redaction-key-" + System.nanoTime());
    cluster = OperatorAndGateway.start(kubeconfig, "operator", redactionKey);
    KubernetesClient admin = cluster.admin;
    Gateway gateway = cluster.gateway;
    admin
        .secrets()
        .inNamespace("tools")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("stripe")
                .withLabels(Map.of("toolgate.dev/redact", "true"))
                .endMetadata()
                .withStringData(Map.of("key", STRIPE_KEY))
                .build())
        .create();
    worker = ConformanceWorker.start(0, "e2e");

    McpTool tool =
        Serialization.unmarshal(
            """
            apiVersion: toolgate.dev/v1alpha1
            kind: McpTool
            metadata: {name: e2e, namespace: tools}
            spec:
              remote: {url: "%s"}
              tools: [{name: echo}]
              redact:
                secretRefs: [{name: stripe, key: key}]
            """
                .formatted(worker.url()),
            McpTool.class);
    admin.resource(tool).fieldManager("kubectl").serverSideApply();

    await().atMost(Duration.ofSeconds(60)).until(() -> gateway.router().table().toolCount() == 1);
    McpSyncClient client = GatewayFixture.connect(gateway.url());
    var result =
        client.callTool(
            CallToolRequest.builder("e2e.echo").arguments(Map.of("text", "hi")).build());
    assertThat(((TextContent) result.content().getFirst()).text()).isEqualTo("e2e: hi");
    var leaked =
        client.callTool(
            CallToolRequest.builder("e2e.echo")
                .arguments(Map.of("text", "key=" + STRIPE_KEY + "."))
                .build());
    assertThat(((TextContent) leaked.content().getFirst()).text())
        .isEqualTo("e2e: key=[REDACTED:secret].");

    // Routed only once the gateway has said it loaded a config holding the route.
    McpTool routed =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> admin.resources(McpTool.class).inNamespace("tools").withName("e2e").get(),
                t ->
                    t.getStatus() != null
                        && t.getStatus().getConditions().stream()
                            .anyMatch(
                                c ->
                                    c.getType().equals("Routed")
                                        && c.getStatus().equals("True")
                                        && c.getReason().equals("Routed")));
    assertThat(routed.getStatus().getConditions())
        .filteredOn(c -> c.getType().equals("Ready"))
        .singleElement()
        .satisfies(c -> assertThat(c.getStatus()).isEqualTo("True"));
    McpGateway mcpGateway =
        admin
            .resources(McpGateway.class)
            .inNamespace(OperatorAndGateway.OPERATOR_NAMESPACE)
            .withName(ToolgateNames.DEFAULT_MCPGATEWAY)
            .get();
    assertThat(mcpGateway.getStatus().getGateway().getLoadedConfigHash())
        .isEqualTo(mcpGateway.getStatus().getConfigHash());

    admin.resource(tool).delete();
    await().atMost(Duration.ofSeconds(60)).until(() -> gateway.router().table().toolCount() == 0);
    assertThatThrownBy(
            () ->
                client.callTool(
                    CallToolRequest.builder("e2e.echo").arguments(Map.of("text", "gone")).build()))
        .hasMessageContaining("e2e.echo");
    client.close();
  }
}
