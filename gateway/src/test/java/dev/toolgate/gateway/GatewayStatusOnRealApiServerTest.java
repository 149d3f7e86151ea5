package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.toolgate.api.CrdInstaller;
import dev.toolgate.api.ToolgateNames;
import dev.toolgate.api.config.GatewayConfigCodec;
import dev.toolgate.api.config.UpstreamAddressPolicy;
import dev.toolgate.api.v1alpha1.GatewayReport;
import dev.toolgate.api.v1alpha1.McpGateway;
import dev.toolgate.api.v1alpha1.McpGatewayStatus;
import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.api.v1alpha1.McpToolStatus;
import dev.toolgate.gateway.config.ConfigMapConfigSource;
import dev.toolgate.gateway.report.McpGatewayStatusSink;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway reports to its McpGateway on a real kube-apiserver, as its own ServiceAccount with
 * the RBAC in {@code src/main/kubernetes/rbac.yaml}: each config it loads or refuses and the tools
 * it drops at run time reach {@code status.gateway}, the operator's fields beside them stay, and
 * that ServiceAccount can write no other status.
 */
@EnableKubeAPIServer
class GatewayStatusOnRealApiServerTest {

  private static final String NAMESPACE = "toolgate-system";

  @KubeConfig static String kubeconfig;

  static KubernetesClient admin;
  static KubernetesClient asGateway;

  @BeforeAll
  static void install() throws Exception {
    admin = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
    CrdInstaller.installToolgateCrds(admin, "test", Duration.ofSeconds(30));
    for (String namespace : List.of(NAMESPACE, "tools")) {
      admin
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .serverSideApply();
    }
    try (InputStream rbac = Files.newInputStream(Path.of("src/main/kubernetes/rbac.yaml"))) {
      for (HasMetadata object : admin.load(rbac).items()) {
        admin.resource(object).serverSideApply();
      }
    }
    for (String name : List.of(ToolgateNames.DEFAULT_MCPGATEWAY, "other")) {
      admin
          .resource(
              Serialization.unmarshal(
                  """
                  apiVersion: toolgate.dev/v1alpha1
                  kind: McpGateway
                  metadata: {name: %s, namespace: %s}
                  spec: {}
                  """
                      .formatted(name, NAMESPACE),
                  GenericKubernetesResource.class))
          .serverSideApply();
    }
    asGateway = ServiceAccountClients.as(kubeconfig, NAMESPACE, "toolgate-gateway");
  }

  @AfterAll
  static void close() {
    asGateway.close();
    admin.close();
  }

  private static String config(String url) {
    return """
        version: toolgate.dev/gateway-config/v1
        upstreams:
        - id: tools/dup
          url: %s
          passthroughPath: /mcp/tools/tools/dup
          toolPrefix: dup
          exposeAll: true
          remote: true
        """
        .formatted(url);
  }

  private static void publish(String text) {
    admin
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(ToolgateNames.GATEWAY_CONFIGMAP)
                .withNamespace(NAMESPACE)
                .endMetadata()
                .addToData(ToolgateNames.GATEWAY_CONFIG_KEY, text)
                .build())
        .fieldManager("toolgate-operator")
        .forceConflicts()
        .serverSideApply();
  }

  private static McpGateway mcpGateway() {
    return admin
        .resources(McpGateway.class)
        .inNamespace(NAMESPACE)
        .withName(ToolgateNames.DEFAULT_MCPGATEWAY)
        .get();
  }

  private static GatewayReport awaitReport(Predicate<GatewayReport> until) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                Optional.ofNullable(mcpGateway().getStatus()).map(s -> s.getGateway()).orElse(null),
            r -> r != null && until.test(r));
  }

  private static Condition configLoaded(GatewayReport report) {
    return report.getConditions().stream()
        .filter(c -> c.getType().equals("ConfigLoaded"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aRunningGatewayReportsEachLoadEachRefusalAndWhatItDropsAtRunTime() throws Exception {
    // What the operator owns of the same status, written first with its own field manager.
    McpGateway operatorPart = new McpGateway();
    operatorPart.setMetadata(
        new ObjectMetaBuilder()
            .withName(ToolgateNames.DEFAULT_MCPGATEWAY)
            .withNamespace(NAMESPACE)
            .build());
    McpGatewayStatus status = new McpGatewayStatus();
    status.setConfigHash("sha256:from-the-operator");
    status.setConditions(
        List.of(
            new ConditionBuilder()
                .withType("Ready")
                .withStatus("True")
                .withReason("Compiled")
                .withMessage("compiled")
                .withLastTransitionTime("2026-01-01T00:00:00Z")
                .build()));
    operatorPart.setStatus(status);
    admin
        .resource(operatorPart)
        .subresource("status")
        .patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager("toolgate-operator")
                .withForce(true)
                .build());

    try (ScriptedWorker worker = new ScriptedWorker(false);
        Gateway gateway =
            Gateway.start(
                GatewayOptions.defaults()
                    .withAudit(Audits::quiet)
                    .withHost("127.0.0.1")
                    .withPort(0)
                    .withAdminPort(0)
                    .withConfigMap(NAMESPACE + "/" + ToolgateNames.GATEWAY_CONFIGMAP)
                    .withCatalogRefresh(Duration.ofSeconds(1)),
                new ConfigMapConfigSource(
                    asGateway,
                    NAMESPACE,
                    ToolgateNames.GATEWAY_CONFIGMAP,
                    Duration.ofMillis(200),
                    UpstreamAddressPolicy.strict(
                        "cluster.local",
                        UpstreamAddressPolicy.DEFAULT_SERVICE_CIDRS,
                        UpstreamAddressPolicy.DEFAULT_POD_CIDRS,
                        List.of("127.0.0.1"))),
                new McpGatewayStatusSink(asGateway, NAMESPACE, ToolgateNames.DEFAULT_MCPGATEWAY))) {
      worker.listToolTwice.set(true);
      String good = config(worker.url());
      publish(good);

      GatewayReport loaded =
          awaitReport(
              r ->
                  GatewayConfigCodec.hash(good).equals(r.getLoadedConfigHash())
                      && r.getUpstreamProblems() != null);
      assertThat(configLoaded(loaded).getStatus() + "/" + configLoaded(loaded).getReason())
          .isEqualTo("True/Loaded");
      assertThat(loaded.getUpstreamProblems())
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.getUpstream()).isEqualTo("tools/dup");
                assertThat(p.getTool()).isEqualTo("echo");
                assertThat(p.getExposedName()).isEqualTo("dup.echo");
                assertThat(p.getReason()).isEqualTo("NameTaken");
                assertThat(p.getOwner()).isEqualTo("tools/dup");
              });
      assertThat(gateway.router().table().toolCount())
          .as("the second listing is dropped, the first served")
          .isEqualTo(1);

      // A worker URL in the cluster's Service range: refused, the good config stays.
      String bad = config("http://10.96.0.10:8080/mcp");
      publish(bad);
      GatewayReport rejected =
          awaitReport(r -> GatewayConfigCodec.hash(bad).equals(r.getRejectedConfigHash()));
      assertThat(rejected.getLoadedConfigHash()).isEqualTo(GatewayConfigCodec.hash(good));
      assertThat(configLoaded(rejected).getStatus() + "/" + configLoaded(rejected).getReason())
          .isEqualTo("False/ConfigRejected");
      assertThat(configLoaded(rejected).getMessage())
          .contains("was rejected", "upstreams[tools/dup].url", "Service range", "stays in force");

      publish(good + "# the operator wrote it again\n");
      GatewayReport recovered = awaitReport(r -> r.getRejectedConfigHash() == null);
      assertThat(configLoaded(recovered).getStatus()).isEqualTo("True");

      McpGateway both = mcpGateway();
      assertThat(both.getStatus().getConfigHash()).isEqualTo("sha256:from-the-operator");
      assertThat(both.getStatus().getConditions())
          .extracting(Condition::getType)
          .containsExactly("Ready");
      assertThat(both.getMetadata().getManagedFields())
          .filteredOn(f -> "status".equals(f.getSubresource()))
          .extracting(f -> f.getManager())
          .containsExactlyInAnyOrder("toolgate-operator", "toolgate-gateway");
    }
  }

  @Test
  void theGatewaysServiceAccountMayWriteNoOtherStatus() {
    McpGatewayStatusSink other = new McpGatewayStatusSink(asGateway, NAMESPACE, "other");
    assertForbidden(other::read);
    assertForbidden(() -> other.write(new GatewayReport()));
    assertForbidden(
        () ->
            asGateway
                .resources(McpGateway.class)
                .inNamespace(NAMESPACE)
                .withName(ToolgateNames.DEFAULT_MCPGATEWAY)
                .get());
    assertForbidden(() -> asGateway.resources(McpGateway.class).inNamespace(NAMESPACE).list());

    admin
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: toolgate.dev/v1alpha1
                kind: McpTool
                metadata: {name: victim, namespace: tools}
                spec:
                  remote: {url: "https://victim.example.com/mcp"}
                """,
                McpTool.class))
        .serverSideApply();
    McpTool forged = new McpTool();
    forged.setMetadata(new ObjectMetaBuilder().withName("victim").withNamespace("tools").build());
    McpToolStatus routed = new McpToolStatus();
    routed.setConditions(
        List.of(
            new ConditionBuilder()
                .withType("Routed")
                .withStatus("True")
                .withReason("Routed")
                .build()));
    forged.setStatus(routed);
    assertForbidden(
        () ->
            asGateway
                .resource(forged)
                .subresource("status")
                .patch(
                    new PatchContext.Builder()
                        .withPatchType(PatchType.SERVER_SIDE_APPLY)
                        .withFieldManager(ToolgateNames.GATEWAY_FIELD_MANAGER)
                        .withForce(true)
                        .build()));
  }

  private static void assertForbidden(Runnable call) {
    KubernetesClientException e = catchThrowableOfType(KubernetesClientException.class, call::run);
    assertThat(e).as("forbidden for the gateway's ServiceAccount").isNotNull();
    assertThat(e.getCode()).isEqualTo(403);
  }
}
