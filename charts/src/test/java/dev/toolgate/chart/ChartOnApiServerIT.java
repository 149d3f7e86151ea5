package dev.toolgate.chart;

import static dev.toolgate.chart.Chart.NAMESPACE;
import static dev.toolgate.chart.Chart.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.toolgate.examples.conformance.ConformanceWorker;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The chart applied to a real kube-apiserver, then the packaged operator and gateway run with the
 * environment of the chart's Deployments and the tokens of the chart's ServiceAccounts: what they
 * do proves the chart's RBAC sufficient, and the authorizer's answers prove it no wider.
 */
@EnableKubeAPIServer
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChartOnApiServerIT {

  @KubeConfig static String kubeconfig;

  static Cluster cluster;
  static Chart chart;
  static ConformanceWorker worker;
  static Path operatorLog = Path.of("target", "chart-it", "operator.log");
  static int gatewayPort;

  @BeforeAll
  static void install() throws Exception {
    cluster = new Cluster(kubeconfig);
    cluster.namespace(NAMESPACE);
    cluster.namespace("tools");
    // The Prometheus Operator's CRD, reduced to what the API server needs to accept a
    // ServiceMonitor.
    cluster.apply(
        Serialization.unmarshal(
            """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: servicemonitors.monitoring.coreos.com}
            spec:
              group: monitoring.coreos.com
              scope: Namespaced
              names: {kind: ServiceMonitor, plural: servicemonitors, listKind: ServiceMonitorList, singular: servicemonitor}
              versions:
                - name: v1
                  served: true
                  storage: true
                  schema:
                    openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
            """,
            CustomResourceDefinition.class));
    for (HasMetadata crd : Chart.crds()) {
      cluster.apply(crd);
    }
    chart =
        Chart.render(values("gateway.autoscaling.enabled", true, "serviceMonitor.enabled", true));
    for (HasMetadata object : chart.objects) {
      cluster.apply(object);
    }
    cluster.identityKeysAsTheInstallHookMakes(NAMESPACE);
  }

  @AfterAll
  static void stop() throws Exception {
    if (worker != null) {
      worker.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void everyObjectOfTheChartIsAcceptedAndStored() {
    assertThat(chart.objects).hasSizeGreaterThanOrEqualTo(17);
    for (HasMetadata object : chart.objects) {
      assertThat(cluster.admin.resource(object).get())
          .as(object.getKind() + " " + object.getMetadata().getName())
          .isNotNull();
    }
    assertThat(Chart.crds())
        .extracting(c -> c.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "mcptools.toolgate.dev", "mcpscopes.toolgate.dev", "mcpgateways.toolgate.dev");
  }

  @Test
  @Order(2)
  void operatorAndGatewayDoTheirWholeJobAsTheChartsServiceAccounts() throws Exception {
    worker = ConformanceWorker.start(0, "chart");
    int operatorPort = Cluster.freePort();
    cluster.run(
        Chart.REPO.resolve("operator/target/toolgate-operator.jar"),
        chart.operator(),
        cluster.kubeconfigFor(NAMESPACE, "toolgate-operator"),
        // The remote tool's server listens on loopback here: both must allow it, as a platform
        // team would allow-list an internal address (the chart's defaults refuse loopback).
        Map.of(
            "TOOLGATE_HTTP_PORT",
            String.valueOf(operatorPort),
            "TOOLGATE_LOG_FORMAT",
            "text",
            "TOOLGATE_REMOTE_URL_ALLOW",
            "127.0.0.1"),
        operatorLog);
    gatewayPort = Cluster.freePort();
    cluster.run(
        Chart.REPO.resolve("gateway/target/toolgate-gateway.jar"),
        chart.gateway(),
        cluster.kubeconfigFor(NAMESPACE, "toolgate-gateway"),
        Map.of(
            "TOOLGATE_PORT",
            String.valueOf(gatewayPort),
            "TOOLGATE_HOST",
            "127.0.0.1",
            "TOOLGATE_REMOTE_URL_ALLOW",
            "127.0.0.1",
            // The chart's operator runs without auth settings here, so the config has no auth
            // section: the gateway would refuse every call without this.
            "TOOLGATE_ALLOW_ANONYMOUS",
            "true"),
        operatorLog.resolveSibling("gateway.log"));

    // A remote tool (routing only) and a tool with a sandboxed worker the operator must create.
    cluster
        .admin
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: toolgate.dev/v1alpha1
                kind: McpTool
                metadata: {name: chart, namespace: tools}
                spec:
                  remote: {url: "%s"}
                  tools: [{name: echo}]
                """
                    .formatted(worker.url()),
                io.fabric8.kubernetes.api.model.GenericKubernetesResource.class))
        .fieldManager("kubectl")
        .serverSideApply();
    cluster
        .admin
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: toolgate.dev/v1alpha1
                kind: McpTool
                metadata: {name: billing, namespace: tools}
                spec:
                  image: registry.example/billing-mcp:1.4.2
                  sandbox:
                    egress: [{cidr: 203.0.113.0/24, ports: [5432]}]
                  tools: [{name: get_invoice}]
                """,
                io.fabric8.kubernetes.api.model.GenericKubernetesResource.class))
        .fieldManager("kubectl")
        .serverSideApply();

    // Ready needs Routed, which needs the gateway's report on its McpGateway: the chart's gateway
    // wrote it with its own ServiceAccount.
    cluster.awaitToolCondition("tools", "chart", "Ready", "True");
    await()
        .atMost(Cluster.WAIT)
        .until(
            () -> cluster.admin.apps().deployments().inNamespace("tools").withName("billing").get(),
            d -> d != null);
    cluster.markRolledOut("tools", "billing");
    cluster.awaitToolCondition("tools", "billing", "Ready", "True");
    assertThat(cluster.admin.serviceAccounts().inNamespace("tools").withName("billing").get())
        .isNotNull();
    assertThat(cluster.admin.services().inNamespace("tools").withName("billing").get()).isNotNull();
    var policy =
        cluster.admin.network().networkPolicies().inNamespace("tools").withName("billing").get();
    assertThat(
            policy
                .getSpec()
                .getIngress()
                .getFirst()
                .getFrom()
                .getFirst()
                .getPodSelector()
                .getMatchLabels())
        .as("worker ingress admits exactly the chart's gateway pods")
        .isEqualTo(chart.gateway().getSpec().getSelector().getMatchLabels());
    assertThat(cluster.admin.leases().inNamespace(NAMESPACE).withName("toolgate-operator").get())
        .satisfies(
            l -> assertThat(l.getSpec().getHolderIdentity()).isEqualTo("toolgate-operator-0"));

    // The gateway follows the operator's ConfigMap and serves the tool on the chart's hosts.
    HttpClient http = HttpClient.newHttpClient();
    await()
        .atMost(Cluster.WAIT)
        .ignoreExceptions()
        .until(
            () ->
                http.send(
                        HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + gatewayPort + "/readyz"))
                            .build(),
                        HttpResponse.BodyHandlers.ofString())
                    .statusCode(),
            s -> s == 200);
    McpSyncClient client =
        McpClient.sync(
                HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + gatewayPort)
                    .endpoint("/mcp")
                    .build())
            .requestTimeout(Duration.ofSeconds(20))
            .build();
    try {
      client.initialize();
      await()
          .atMost(Cluster.WAIT)
          .until(
              () -> client.listTools().tools().stream().map(Tool::name).toList(),
              t -> t.contains("chart.echo"));
      var result =
          client.callTool(
              CallToolRequest.builder("chart.echo").arguments(Map.of("text", "hi")).build());
      assertThat(((TextContent) result.content().getFirst()).text()).isEqualTo("chart: hi");
    } finally {
      client.closeGracefully();
    }

    assertThat(Files.readString(operatorLog))
        .as("the operator was never refused by the API server")
        .doesNotContainIgnoringCase("forbidden");
    assertThat(Files.readString(operatorLog.resolveSibling("gateway.log")))
        .doesNotContainIgnoringCase("forbidden");
  }

  @Test
  @Order(3)
  void operatorMayDoNothingBeyondItsJob() {
    String sa = "toolgate-operator";
    // What it needs.
    assertThat(
            cluster.allowed(
                NAMESPACE, sa, "patch", "toolgate.dev", "mcptools/status", "tools", "x"))
        .isTrue();
    assertThat(cluster.allowed(NAMESPACE, sa, "create", "apps", "deployments", "tools", null))
        .isTrue();
    assertThat(
            cluster.allowed(
                NAMESPACE, sa, "patch", "", "configmaps", NAMESPACE, "toolgate-gateway-config"))
        .isTrue();
    // What it must not do.
    for (String[] denied :
        List.of(
            new String[] {"update", "toolgate.dev", "mcptools", "tools"},
            new String[] {"patch", "toolgate.dev", "mcptools", "tools"},
            new String[] {"delete", "toolgate.dev", "mcpscopes", "tools"},
            new String[] {"get", "", "secrets", "tools"},
            new String[] {"list", "", "secrets", NAMESPACE},
            new String[] {"create", "", "pods", "tools"},
            new String[] {"create", "", "pods/exec", "tools"},
            new String[] {"update", "apps", "deployments", "tools"},
            new String[] {"create", "", "configmaps", "tools"},
            new String[] {"delete", "", "configmaps", NAMESPACE},
            new String[] {"delete", "coordination.k8s.io", "leases", NAMESPACE},
            new String[] {"create", "rbac.authorization.k8s.io", "rolebindings", "tools"},
            new String[] {"escalate", "rbac.authorization.k8s.io", "clusterroles", null},
            new String[] {"get", "apiextensions.k8s.io", "customresourcedefinitions", null},
            new String[] {"delete", "", "namespaces", null})) {
      assertThat(cluster.allowed(NAMESPACE, sa, denied[0], denied[1], denied[2], denied[3], null))
          .as("operator may %s %s/%s in %s", (Object[]) denied)
          .isFalse();
    }
    // And the API server refuses it in practice, with the operator's own token.
    try (KubernetesClient asOperator = cluster.clientAs(NAMESPACE, sa)) {
      assertThatThrownBy(() -> asOperator.secrets().inNamespace("tools").list())
          .isInstanceOf(KubernetesClientException.class)
          .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
      assertThatThrownBy(
              () ->
                  asOperator
                      .genericKubernetesResources(Cluster.MCPTOOLS)
                      .inNamespace("tools")
                      .withName("chart")
                      .delete())
          .isInstanceOf(KubernetesClientException.class)
          .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
    }
  }

  @Test
  @Order(4)
  void gatewayMayReadItsConfigMapReportToItsMcpGatewayAndNothingElse() {
    String sa = "toolgate-gateway";
    assertThat(
            cluster.allowed(
                NAMESPACE, sa, "get", "", "configmaps", NAMESPACE, "toolgate-gateway-config"))
        .isTrue();
    assertThat(
            cluster.allowed(
                NAMESPACE, sa, "watch", "", "configmaps", NAMESPACE, "toolgate-gateway-config"))
        .isTrue();
    assertThat(
            cluster.allowed(
                NAMESPACE, sa, "patch", "", "configmaps", NAMESPACE, "toolgate-gateway-config"))
        .isFalse();
    assertThat(
            cluster.allowed(NAMESPACE, sa, "get", "", "configmaps", NAMESPACE, "kube-root-ca.crt"))
        .isFalse();
    assertThat(cluster.allowed(NAMESPACE, sa, "list", "", "configmaps", NAMESPACE, null)).isFalse();
    assertThat(cluster.allowed(NAMESPACE, sa, "get", "", "secrets", NAMESPACE, null)).isFalse();
    assertThat(cluster.allowed(NAMESPACE, sa, "list", "toolgate.dev", "mcptools", "tools", null))
        .isFalse();
    // Its report goes to its own McpGateway's status, and nowhere else.
    assertThat(
            cluster.allowed(
                NAMESPACE,
                sa,
                "patch",
                "toolgate.dev",
                "mcpgateways/status",
                NAMESPACE,
                "toolgate"))
        .isTrue();
    assertThat(
            cluster.allowed(
                NAMESPACE, sa, "get", "toolgate.dev", "mcpgateways/status", NAMESPACE, "toolgate"))
        .isTrue();
    assertThat(
            cluster.allowed(
                NAMESPACE, sa, "patch", "toolgate.dev", "mcpgateways/status", NAMESPACE, "other"))
        .isFalse();
    assertThat(
            cluster.allowed(
                NAMESPACE, sa, "patch", "toolgate.dev", "mcpgateways", NAMESPACE, "toolgate"))
        .isFalse();
    assertThat(
            cluster.allowed(
                NAMESPACE, sa, "patch", "toolgate.dev", "mcptools/status", "tools", null))
        .isFalse();
    try (KubernetesClient asGateway = cluster.clientAs(NAMESPACE, sa)) {
      assertThat(
              asGateway
                  .configMaps()
                  .inNamespace(NAMESPACE)
                  .withName("toolgate-gateway-config")
                  .get())
          .isNotNull();
      assertThatThrownBy(() -> asGateway.configMaps().inNamespace(NAMESPACE).list())
          .isInstanceOf(KubernetesClientException.class)
          .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
    }
  }
}
