package dev.toolgate.chart;

import static dev.toolgate.chart.Chart.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Python (FastMCP) and TypeScript (MCP TypeScript SDK) example workers started for real and
 * called through the packaged gateway; their McpTools and McpScopes applied to a real API server
 * and compiled by the operator running as the chart's ServiceAccount.
 */
@EnableKubeAPIServer
class ExampleWorkersIT {

  static final Path WORKERS = Chart.REPO.resolve("examples/workers");
  static final Path WORK = Path.of("target", "example-workers").toAbsolutePath();
  static final ResourceDefinitionContext MCPSCOPES =
      new ResourceDefinitionContext.Builder()
          .withGroup("toolgate.dev")
          .withVersion("v1alpha1")
          .withKind("McpScope")
          .withPlural("mcpscopes")
          .withNamespaced(true)
          .build();

  @KubeConfig static String kubeconfig;

  static final List<Process> processes = new ArrayList<>();
  static int gatewayPort;

  @BeforeAll
  static void startWorkersAndGateway() throws Exception {
    Files.createDirectories(WORK);
    Map<String, String> tools = install();
    int invoicesPort = Cluster.freePort();
    start(
        List.of(
            tools.get("python"),
            WORKERS.resolve("python-invoices/server.py").toString(),
            "--host",
            "127.0.0.1",
            "--port",
            String.valueOf(invoicesPort)),
        WORKERS.resolve("python-invoices"),
        "invoices.log");
    // Node resolves the SDK next to the script: run server.ts from the installed node_modules.
    Path refunds = Path.of(tools.get("node_modules")).resolve("server.ts");
    Files.copy(
        WORKERS.resolve("typescript-refunds/server.ts"),
        refunds,
        StandardCopyOption.REPLACE_EXISTING);
    int refundsPort = Cluster.freePort();
    start(
        List.of(
            tools.get("node"),
            refunds.toString(),
            "--host",
            "127.0.0.1",
            "--port",
            String.valueOf(refundsPort)),
        refunds.getParent(),
        "refunds.log");
    awaitListening(invoicesPort, "invoices.log");
    awaitListening(refundsPort, "refunds.log");

    // The gateway in dev mode: a config file naming both workers, as the operator would compile
    // their McpTools with remote URLs.
    Path config = WORK.resolve("gateway-config.yaml");
    Files.writeString(
        config,
        """
        version: toolgate.dev/gateway-config/v1
        upstreams:
          - id: tools/invoices
            url: http://127.0.0.1:%d/mcp
            passthroughPath: /mcp/tools/tools/invoices
            toolPrefix: invoices
            exposeAll: true
            timeout: 30s
          - id: tools/refunds
            url: http://127.0.0.1:%d/mcp
            passthroughPath: /mcp/tools/tools/refunds
            toolPrefix: refunds
            exposeAll: true
            timeout: 30s
        """
            .formatted(invoicesPort, refundsPort));
    gatewayPort = Cluster.freePort();
    start(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar",
            Chart.REPO.resolve("gateway/target/toolgate-gateway.jar").toString(),
            "--config",
            config.toString(),
            "--host",
            "127.0.0.1",
            "--port",
            String.valueOf(gatewayPort),
            // Beside the cluster-mode gateway below: an admin port and audit spool of its own.
            "--admin-port",
            "0",
            "--audit-dir",
            WORK.resolve("gateway-audit").toString(),
            // The example workers' calls, not authentication, are under test here.
            "--allow-anonymous"),
        WORK,
        "gateway.log");
    awaitListening(gatewayPort, "gateway.log");
  }

  @AfterAll
  static void stopAll() throws InterruptedException {
    for (Process process : processes) {
      process.destroy();
    }
    for (Process process : processes) {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  @Test
  void pythonAndTypeScriptWorkersAnswerThroughTheGateway() throws Exception {
    McpSyncClient client =
        McpClient.sync(
                HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + gatewayPort)
                    .endpoint("/mcp")
                    .build())
            .requestTimeout(Duration.ofSeconds(20))
            .build();
    try {
      client.initialize();
      List<String> names =
          await()
              .atMost(Duration.ofSeconds(60))
              .until(
                  () -> client.listTools().tools().stream().map(Tool::name).sorted().toList(),
                  t -> t.size() == 4);
      assertThat(names)
          .containsExactly(
              "invoices.get_invoice",
              "invoices.list_invoices",
              "refunds.get_refund",
              "refunds.send_refund");

      CallToolResult invoice =
          client.callTool(
              CallToolRequest.builder("invoices.get_invoice")
                  .arguments(Map.of("invoice_id", "INV-1001"))
                  .build());
      assertThat(text(invoice)).contains("\"INV-1001\"").contains("\"paid\"");
      CallToolResult listed =
          client.callTool(
              CallToolRequest.builder("invoices.list_invoices")
                  .arguments(Map.of("customer", "acme"))
                  .build());
      assertThat(text(listed)).contains("INV-1001").contains("INV-1002").doesNotContain("INV-2001");

      CallToolResult sent =
          client.callTool(
              CallToolRequest.builder("refunds.send_refund")
                  .arguments(Map.of("invoice_id", "INV-1002", "amount_cents", 4500))
                  .build());
      assertThat(text(sent)).contains("\"id\":\"RF-1\"").contains("\"status\":\"sent\"");
      CallToolResult read =
          client.callTool(
              CallToolRequest.builder("refunds.get_refund")
                  .arguments(Map.of("refund_id", "RF-1"))
                  .build());
      assertThat(text(read)).contains("\"invoiceId\":\"INV-1002\"");
      CallToolResult missing =
          client.callTool(
              CallToolRequest.builder("refunds.get_refund")
                  .arguments(Map.of("refund_id", "RF-9"))
                  .build());
      assertThat(missing.isError()).isTrue();
    } finally {
      client.closeGracefully();
    }
  }

  @Test
  void theirMcpToolsAndScopesCompileOnARealApiServer() throws Exception {
    try (Cluster cluster = new Cluster(kubeconfig)) {
      cluster.namespace(NAMESPACE);
      for (HasMetadata crd : Chart.crds()) {
        cluster.apply(crd);
      }
      Chart chart = Chart.render();
      for (HasMetadata object : chart.objects) {
        cluster.apply(object);
      }
      cluster.identityKeysAsTheInstallHookMakes(NAMESPACE);
      cluster.run(
          Chart.REPO.resolve("operator/target/toolgate-operator.jar"),
          chart.operator(),
          cluster.kubeconfigFor(NAMESPACE, "toolgate-operator"),
          Map.of(
              "TOOLGATE_HTTP_PORT",
              String.valueOf(Cluster.freePort()),
              "TOOLGATE_LOG_FORMAT",
              "text"),
          WORK.resolve("operator.log"));
      // Routed needs the gateway's word that it loaded the routes.
      cluster.run(
          Chart.REPO.resolve("gateway/target/toolgate-gateway.jar"),
          chart.gateway(),
          cluster.kubeconfigFor(NAMESPACE, "toolgate-gateway"),
          Map.of("TOOLGATE_PORT", String.valueOf(Cluster.freePort()), "TOOLGATE_HOST", "127.0.0.1"),
          WORK.resolve("cluster-gateway.log"));
      apply(cluster, Chart.REPO.resolve("examples/namespace.yaml"));
      List<Path> yamls;
      try (Stream<Path> files = Files.walk(WORKERS)) {
        yamls = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
      }
      assertThat(yamls).hasSize(5);
      for (Path yaml : yamls) {
        apply(cluster, yaml);
      }
      for (String tool : List.of("invoices", "refunds", "ledger")) {
        cluster.awaitToolCondition("tools", tool, "PolicyValid", "True");
        cluster.awaitToolCondition("tools", tool, "Routed", "True");
      }
      // The ledger verifies identity tokens (sandbox.gatewayJwks): the operator, configured by
      // the chart, opens the gateway pods' JWKS port to it and gives it that listener's URL.
      io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy ledgerPolicy =
          await()
              .atMost(Cluster.WAIT)
              .until(
                  () ->
                      cluster
                          .admin
                          .network()
                          .v1()
                          .networkPolicies()
                          .inNamespace("tools")
                          .withName("ledger")
                          .get(),
                  p -> p != null);
      assertThat(ledgerPolicy.getSpec().getEgress())
          .anySatisfy(
              rule -> {
                assertThat(rule.getPorts().getFirst().getPort().getIntVal()).isEqualTo(8082);
                assertThat(rule.getTo().getFirst().getPodSelector().getMatchLabels())
                    .containsEntry("app.kubernetes.io/name", "toolgate-gateway");
              });
      io.fabric8.kubernetes.api.model.apps.Deployment ledgerWorker =
          await()
              .atMost(Cluster.WAIT)
              .until(
                  () ->
                      cluster
                          .admin
                          .apps()
                          .deployments()
                          .inNamespace("tools")
                          .withName("ledger")
                          .get(),
                  d -> d != null);
      assertThat(ledgerWorker.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv())
          .anySatisfy(
              e -> {
                assertThat(e.getName()).isEqualTo("TOOLGATE_IDENTITY_JWKS_URL");
                assertThat(e.getValue())
                    .isEqualTo(
                        "http://toolgate-gateway-jwks.toolgate-system.svc.cluster.local:8082"
                            + "/.well-known/jwks.json");
              });
      for (String scope : List.of("finance-read", "finance-refunds")) {
        await()
            .atMost(Cluster.WAIT)
            .until(
                () ->
                    cluster
                        .admin
                        .genericKubernetesResources(MCPSCOPES)
                        .inNamespace("tools")
                        .withName(scope)
                        .get(),
                s -> Serialization.asJson(s).contains("\"reason\":\"InForce\""));
      }
      GenericKubernetesResource read =
          cluster
              .admin
              .genericKubernetesResources(MCPSCOPES)
              .inNamespace("tools")
              .withName("finance-read")
              .get();
      assertThat(Serialization.asJson(read.get("status")))
          .contains("invoices.get_invoice", "invoices.list_invoices", "refunds.get_refund")
          .doesNotContain("refunds.send_refund");
      GenericKubernetesResource write =
          cluster
              .admin
              .genericKubernetesResources(MCPSCOPES)
              .inNamespace("tools")
              .withName("finance-refunds")
              .get();
      assertThat(Serialization.asJson(write.get("status")))
          .contains("refunds.send_refund")
          .doesNotContain("invoices.");
    }
  }

  private static void apply(Cluster cluster, Path yaml) throws IOException {
    for (HasMetadata object : Chart.parse(Files.readString(yaml))) {
      cluster.admin.resource(object).fieldManager("kubectl").forceConflicts().serverSideApply();
    }
  }

  /** All text of a result (FastMCP returns a list as one text item per element). */
  private static String text(CallToolResult result) {
    return result.content().stream()
        .map(c -> ((TextContent) c).text())
        .collect(java.util.stream.Collectors.joining("\n"));
  }

  /** Runs scripts/example-workers.sh (pinned, cached installs) and reads its key=value lines. */
  private static Map<String, String> install() throws Exception {
    Process script =
        new ProcessBuilder("bash", Chart.REPO.resolve("scripts/example-workers.sh").toString())
            .redirectError(WORK.resolve("install.log").toFile())
            .start();
    String out = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(script.waitFor(600, TimeUnit.SECONDS)).isTrue();
    assertThat(script.exitValue()).as(Files.readString(WORK.resolve("install.log"))).isZero();
    Map<String, String> values = new HashMap<>();
    out.lines()
        .filter(l -> l.contains("="))
        .forEach(l -> values.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
    return values;
  }

  private static void start(List<String> command, Path dir, String log) throws IOException {
    processes.add(
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(WORK.resolve(log).toFile())
            .start());
  }

  private static void awaitListening(int port, String log) throws IOException {
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                try (Socket socket = new Socket("127.0.0.1", port)) {
                  return true;
                } catch (IOException e) {
                  return false;
                }
              });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          "nothing listens on " + port + "; " + log + ":\n" + Files.readString(WORK.resolve(log)),
          e);
    }
  }
}
