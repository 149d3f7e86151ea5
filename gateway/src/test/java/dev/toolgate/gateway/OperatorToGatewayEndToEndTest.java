package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.toolgate.api.CrdInstaller;
import dev.toolgate.api.ToolgateNames;
import dev.toolgate.api.config.UpstreamAddressPolicy;
import dev.toolgate.api.v1alpha1.McpGateway;
import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.examples.conformance.ConformanceWorker;
import dev.toolgate.gateway.config.ConfigMapConfigSource;
import dev.toolgate.gateway.report.McpGatewayStatusSink;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

  private static final String OPERATOR_NAMESPACE = "toolgate-system";

  /**
   * A value only the labelled Secret holds: the operator reads it, the gateway must not echo it.
   */
  private static final String STRIPE_KEY = "rk_live_51NzQe2Lk8VbT0yHs4Jd7Wq";

  @KubeConfig static String kubeconfig;

  static KubernetesClient admin;
  static KubernetesClient asGateway;
  static Process operator;
  static ConformanceWorker worker;
  static Gateway gateway;

  @AfterAll
  static void stopAll() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
    if (operator != null) {
      operator.destroy();
      operator.waitFor(20, TimeUnit.SECONDS);
    }
    if (worker != null) {
      worker.close();
    }
    if (asGateway != null) {
      asGateway.close();
    }
    if (admin != null) {
      admin.close();
    }
  }

  @Test
  void anMcpToolAppliedToTheClusterBecomesCallableThroughTheGatewayAndGoesAwayWhenDeleted()
      throws Exception {
    admin = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
    CrdInstaller.installToolgateCrds(admin, "test", Duration.ofSeconds(30));
    for (String namespace : new String[] {OPERATOR_NAMESPACE, "tools"}) {
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
    // The McpGateway the chart creates; the operator compiles for it, the gateway reports to it.
    admin
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: toolgate.dev/v1alpha1
                kind: McpGateway
                metadata: {name: toolgate, namespace: %s}
                spec: {}
                """
                    .formatted(OPERATOR_NAMESPACE),
                GenericKubernetesResource.class))
        .serverSideApply();
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
    // The key the chart generates once and mounts into both.
    Path redactionKey = Files.createTempFile("redaction", ".key");
    Files.writeString(redactionKey, "e2e-shared-redaction-key-" + System.nanoTime());
    worker = ConformanceWorker.start(0, "e2e");
    operator = startOperator(redactionKey);
    asGateway = ServiceAccountClients.as(kubeconfig, OPERATOR_NAMESPACE, "toolgate-gateway");
    gateway =
        Gateway.start(
            GatewayOptions.defaults()
                .withAudit(Audits::quiet)
                .withHost("127.0.0.1")
                .withPort(0)
                .withAdminPort(0)
                .withConfigMap(OPERATOR_NAMESPACE + "/" + ToolgateNames.GATEWAY_CONFIGMAP)
                .withCatalogRefresh(Duration.ofSeconds(1))
                .withPolicy(p -> p.withRedactionKeyFile(redactionKey))
                // The operator here has no auth settings: the config it compiles has no auth
                // section, so the gateway serves without tokens only because it is told to.
                .withAllowAnonymous(true),
            new ConfigMapConfigSource(
                asGateway,
                OPERATOR_NAMESPACE,
                ToolgateNames.GATEWAY_CONFIGMAP,
                Duration.ofMillis(200),
                // The worker is a "remote" server on loopback: allowed on both sides, as an
                // operator would allow-list an internal host.
                UpstreamAddressPolicy.strict(
                    "cluster.local",
                    UpstreamAddressPolicy.DEFAULT_SERVICE_CIDRS,
                    UpstreamAddressPolicy.DEFAULT_POD_CIDRS,
                    List.of("127.0.0.1"))),
            new McpGatewayStatusSink(
                asGateway, OPERATOR_NAMESPACE, ToolgateNames.DEFAULT_MCPGATEWAY));

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
            .inNamespace(OPERATOR_NAMESPACE)
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

  private static Process startOperator(Path redactionKey) throws Exception {
    Path jar = Path.of("..", "operator", "target", "toolgate-operator.jar");
    assertThat(jar).as("the operator is packaged before the gateway module's tests run").exists();
    Path dir = Files.createDirectories(Path.of("target", "e2e"));
    Path config = dir.resolve("kubeconfig");
    Files.writeString(config, kubeconfig);
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "--namespace=" + OPERATOR_NAMESPACE,
                "--leader-election=false",
                "--http-port=" + port,
                "--log-format=text",
                "--remote-url-allow=127.0.0.1",
                "--redaction-key-file=" + redactionKey)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("operator.log").toFile());
    builder.environment().put("KUBECONFIG", config.toAbsolutePath().toString());
    return builder.start();
  }
}
