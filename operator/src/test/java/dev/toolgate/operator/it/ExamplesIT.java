package dev.toolgate.operator.it;

import static dev.toolgate.operator.it.Cluster.scopeCondition;
import static dev.toolgate.operator.it.Cluster.toolCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.toolgate.api.v1alpha1.McpTool;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The YAML in {@code examples/} applied to a real API server as a user would, with the operator
 * watching only the {@code tools} namespace. What {@code kubectl} then shows is written to {@code
 * target/examples/} (the issue's closing note quotes it).
 */
@EnableKubeAPIServer
class ExamplesIT {

  @KubeConfig static String kubeconfig;

  static KubernetesClient admin;
  static Cluster cluster;
  static RunningOperator operator;
  static GatewayStandIn gateway;
  static final Path OUT = Path.of("target", "examples");

  @BeforeAll
  static void applyExamples() throws IOException {
    admin = ApiServer.admin(kubeconfig);
    ApiServer.install(admin);
    cluster = new Cluster(admin);
    gateway = GatewayStandIn.start(kubeconfig);
    operator =
        RunningOperator.start(
            ApiServer.asOperator(kubeconfig),
            RunningOperator.settings("it", false, Set.of("tools")));
    List<Path> files;
    // The Kubernetes manifests among the examples (examples/dev holds a gateway config file;
    // examples/argocd needs Argo CD's CRDs and namespace, and has its own tests in charts/).
    Path examples = ApiServer.REPO.resolve("examples");
    try (Stream<Path> walk = Files.walk(examples)) {
      files =
          walk.filter(p -> p.toString().endsWith(".yaml"))
              .filter(p -> !p.startsWith(examples.resolve("dev")))
              .filter(p -> !p.startsWith(examples.resolve("argocd")))
              .sorted()
              .toList();
    }
    // The namespace first, then tools, then scopes, as `kubectl apply -f examples/ -R` would.
    for (Path file : files) {
      if (file.endsWith("namespace.yaml")) {
        apply(file);
      }
    }
    for (Path file : files) {
      if (!file.endsWith("namespace.yaml")) {
        apply(file);
      }
    }
  }

  private static void apply(Path file) {
    for (HasMetadata object : ApiServer.load(ApiServer.read(file))) {
      admin.resource(object).fieldManager("kubectl").forceConflicts().serverSideApply();
    }
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
    gateway.close();
    admin.close();
  }

  @Test
  void theExamplesReconcileAndKubectlShowsThem() throws Exception {
    cluster.awaitDeployment("tools", "billing");
    cluster.markRolledOut("tools", "billing");
    // billing declares egress to api.stripe.com and this cluster has no Cilium: not Ready, loudly.
    cluster.awaitTool("tools", "billing", toolCondition("Ready", "False", "HostEgressNotEnforced"));
    cluster.awaitTool("tools", "docs-search", toolCondition("Ready", "True", "Ready"));
    cluster.awaitScope("tools", "billing-read", scopeCondition("Ready", "True", "InForce"));
    cluster.awaitScope("tools", "support-agent", scopeCondition("Ready", "True", "InForce"));

    Files.createDirectories(OUT);
    Path config = OUT.resolve("kubeconfig");
    Files.writeString(config, kubeconfig);
    String get = kubectl(config, "get", "mcptools,mcpscopes", "-A");
    Files.writeString(
        OUT.resolve("kubectl-get.txt"), "$ kubectl get mcptools,mcpscopes -A\n" + get);
    assertThat(get.lines().toList())
        .anySatisfy(
            l ->
                assertThat(l)
                    .matches(
                        "tools\\s+mcptool.toolgate.dev/billing\\s+\\S+\\s+False\\s+http://billing.tools.svc.cluster.local:8080/mcp.*"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .matches(
                        "tools\\s+mcptool.toolgate.dev/docs-search\\s+\\S+\\s+True\\s+https://mcp.docs.example.com/mcp.*"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .matches(
                        "tools\\s+mcpscope.toolgate.dev/billing-read\\s+\\S+\\s+billing.read\\s+True.*"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .matches(
                        "tools\\s+mcpscope.toolgate.dev/support-agent\\s+\\S+\\s+support.agent\\s+True.*"));

    // The gateway (played by the stand-in) has loaded what the operator compiled.
    await()
        .atMost(Cluster.WAIT)
        .until(
            () -> cluster.mcpGateway().getStatus(),
            s ->
                s != null
                    && s.getGateway() != null
                    && s.getConfigHash() != null
                    && s.getConfigHash().equals(s.getGateway().getLoadedConfigHash()));
    String gateways = kubectl(config, "get", "mcpgateways", "-A", "-o", "wide");
    Files.writeString(
        OUT.resolve("kubectl-get-mcpgateways.txt"),
        "$ kubectl get mcpgateways -A -o wide\n" + gateways);
    assertThat(gateways.lines().toList())
        .anySatisfy(
            l ->
                assertThat(l)
                    .matches(
                        "toolgate-system\\s+toolgate\\s+\\S+\\s+True\\s+sha256:\\S+\\s+True\\s+sha256:\\S+\\s+\\d+"));
    Files.writeString(
        OUT.resolve("mcpgateway.yaml"),
        "# kubectl get mcpgateway toolgate -n toolgate-system -o yaml\n"
            + kubectl(
                config, "get", "mcpgateway", "toolgate", "-n", "toolgate-system", "-o", "yaml"));

    Files.writeString(
        OUT.resolve("kubectl-get-wide.txt"),
        "$ kubectl get mcptools -A -o wide\n"
            + kubectl(config, "get", "mcptools", "-A", "-o", "wide"));
    Files.writeString(
        OUT.resolve("generated-objects.yaml"),
        "# kubectl get sa,deploy,svc,networkpolicy -n tools -l app.kubernetes.io/managed-by=toolgate-operator -o yaml\n"
            + kubectl(
                config,
                "get",
                "sa,deploy,svc,networkpolicy",
                "-n",
                "tools",
                "-l",
                "app.kubernetes.io/managed-by=toolgate-operator",
                "-o",
                "yaml"));
    Files.writeString(
        OUT.resolve("gateway-config.yaml"),
        "# kubectl get configmap toolgate-gateway-config -n toolgate-system -o yaml\n"
            + kubectl(
                config,
                "get",
                "configmap",
                "toolgate-gateway-config",
                "-n",
                "toolgate-system",
                "-o",
                "yaml"));
    Files.writeString(
        OUT.resolve("mcptools.yaml"),
        "# kubectl get mcptools,mcpscopes -n tools -o yaml\n"
            + kubectl(config, "get", "mcptools,mcpscopes", "-n", "tools", "-o", "yaml"));
    String describe = kubectl(config, "describe", "mcptool", "billing", "-n", "tools");
    Files.writeString(
        OUT.resolve("describe-billing.txt"),
        "$ kubectl describe mcptool billing -n tools\n" + describe);
    assertThat(describe).contains("HostEgressNotEnforced").contains("api.stripe.com");
  }

  @Test
  void toolsOutsideTheWatchedNamespacesAreLeftAlone() {
    ApiServer.namespace(admin, "elsewhere", Map.of());
    cluster.apply(
        """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpTool
        metadata: {name: stray, namespace: elsewhere}
        spec:
          remote: {url: "https://stray.example.com/mcp"}
        """,
        McpTool.class);
    cluster.awaitTool("tools", "docs-search", toolCondition("Routed", "True", null));
    await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
    assertThat(cluster.tool("elsewhere", "stray").getStatus()).isNull();
    assertThat(cluster.gatewayConfig().orElseThrow().upstream("elsewhere/stray")).isEmpty();
  }

  @Test
  void servesMetricsAndProbes() throws Exception {
    cluster.awaitTool("tools", "docs-search", toolCondition("Routed", "True", null));
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + operator.http.port();
    HttpResponse<String> metrics =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains(
            "toolgate_operator_controllers_execution_reconcile_success_total{controller=\"mcptool\"")
        .contains("toolgate_gateway_config_writes_total")
        .contains("toolgate_gateway_config_compile_seconds_count")
        // Reconcile counts and durations per controller, as histograms for quantiles.
        .contains("toolgate_operator_reconciliations_started_total")
        .contains(
            "toolgate_operator_controllers_execution_reconcile_seconds_bucket{controller=\"mcptool\"")
        .contains("# TYPE toolgate_operator_controllers_execution_reconcile_seconds histogram")
        .doesNotContain("operator_sdk_");
    // No label names a resource: the series stay bounded whatever the number of McpTools.
    assertThat(metrics.body()).doesNotContain("name=\"docs-search\"");
    // Every operator metric the chart's Grafana dashboard queries is exported; the failure
    // counter appears with the first failed reconcile.
    String dashboard =
        Files.readString(Path.of("..", "charts", "toolgate", "dashboards", "toolgate.json"));
    Matcher queried =
        Pattern.compile("\\btoolgate_(?:operator|gateway_config)_[a-z0-9_]+").matcher(dashboard);
    Set<String> names = new TreeSet<>();
    while (queried.find()) {
      names.add(queried.group());
    }
    names.remove("toolgate_operator_controllers_execution_reconcile_failure_total");
    assertThat(names).hasSizeGreaterThan(4);
    Set<String> exported = new TreeSet<>();
    for (String line : metrics.body().split("\n")) {
      if (!line.startsWith("#") && !line.isBlank()) {
        exported.add(line.split("[{ ]", 2)[0]);
      }
    }
    assertThat(exported).containsAll(names);
    for (String probe : List.of("/healthz", "/readyz")) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(base + probe)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(probe).isEqualTo(200);
    }
  }

  /** Runs the kubectl that kube-api-test uses, built by scripts/kube-binaries.sh. */
  static String kubectl(Path kubeconfigFile, String... args)
      throws IOException, InterruptedException {
    String dir =
        System.getenv()
            .getOrDefault(
                "KUBE_API_TEST_DIR",
                Path.of(System.getProperty("user.home"), ".kubeapitest").toString());
    String version = System.getenv().getOrDefault("KUBE_API_TEST_API_SERVER_VERSION", "1.37.2");
    List<String> command = new ArrayList<>();
    command.add(Path.of(dir, "k8s", version + "-linux-amd64", "kubectl").toString());
    command.add("--kubeconfig=" + kubeconfigFile.toAbsolutePath());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", args) + "\n" + output).isZero();
    return output;
  }
}
