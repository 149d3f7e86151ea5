package dev.toolgate.bench;

import dev.toolgate.api.CrdInstaller;
import dev.toolgate.api.ToolgateNames;
import dev.toolgate.api.config.GatewayConfig;
import dev.toolgate.api.config.GatewayConfigCodec;
import dev.toolgate.api.v1alpha1.GatewayReport;
import dev.toolgate.api.v1alpha1.McpGateway;
import dev.toolgate.api.v1alpha1.McpGatewayStatus;
import dev.toolgate.api.v1alpha1.McpScope;
import dev.toolgate.api.v1alpha1.McpTool;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * How the operator scales: against a fresh real kube-apiserver + etcd per size, apply N McpTools
 * and N/10 McpScopes at once, and time until every tool is routed with its objects created and the
 * gateway ConfigMap holds every route; then time one edit with all N present; then read the
 * operator's heap. The operator runs as its packaged jar in its own JVM.
 */
public final class OperatorBench {

  private static final String OPERATOR_NAMESPACE = "toolgate-system";
  private static final int TOOL_NAMESPACES = 10;

  /** What one size measured. */
  record Result(
      int tools,
      int scopes,
      double applySeconds,
      double allRoutedSeconds,
      double editSeconds,
      double heapMiB,
      double rssMiB) {

    double msPerTool() {
      return allRoutedSeconds * 1000 / tools;
    }
  }

  private OperatorBench() {}

  public static void main(String[] args) throws Exception {
    boolean smoke = List.of(args).contains("--smoke");
    List<Integer> sizes =
        List.of(args).stream()
            .filter(a -> a.startsWith("--sizes="))
            .findFirst()
            .map(a -> Stream.of(a.substring(8).split(",")).map(Integer::valueOf).toList())
            .orElse(smoke ? List.of(5) : List.of(100, 300, 1000));
    Path out = RepoPaths.root().resolve(smoke ? "bench/target/results" : "bench/results");
    Path report =
        run(sizes, out, smoke ? "bench/run-operator.sh --smoke" : "bench/run-operator.sh");
    System.out.println("report: " + report);
  }

  static Path run(List<Integer> sizes, Path out, String command) throws Exception {
    Report report =
        new Report("operator", "Operator scale: McpTools to workers and gateway routes", command);
    List<Result> results = new ArrayList<>();
    for (int size : sizes) {
      Result result = measure(size);
      System.out.printf(
          "%d tools: all routed in %.1f s, one edit in %.3f s, heap %.0f MiB%n",
          size, result.allRoutedSeconds(), result.editSeconds(), result.heapMiB());
      results.add(result);
    }
    describe(report, results);
    return report.write(out);
  }

  private static Result measure(int size) throws Exception {
    KubeAPIServer apiServer =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withApiServerVersion(
                    System.getenv().getOrDefault("KUBE_API_TEST_API_SERVER_VERSION", null))
                .build());
    apiServer.start();
    Path work = Files.createDirectories(RepoPaths.root().resolve("bench/target/operator-bench"));
    Path kubeconfig = work.resolve("kubeconfig");
    Files.writeString(kubeconfig, apiServer.getKubeConfigYaml());
    try (KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(apiServer.getKubeConfigYaml()))
            .build()) {
      install(client);
      int port = freePort();
      try (ChildJvm operator =
          ChildJvm.start(
              List.of(
                  "-XX:+UseG1GC",
                  "-jar",
                  RepoPaths.jar("operator", "toolgate-operator.jar").toString(),
                  "--namespace=" + OPERATOR_NAMESPACE,
                  "--leader-election=false",
                  "--http-port=" + port,
                  "--log-format=text"),
              Map.of("KUBECONFIG", kubeconfig.toString()),
              work.resolve("operator-" + size + ".log"),
              URI.create("http://127.0.0.1:" + port + "/readyz"))) {
        int scopes = Math.max(1, size / 10);
        ScheduledExecutorService gateway = acknowledgeEveryConfig(client);
        long start = System.nanoTime();
        applyAll(client, size, scopes);
        double applied = seconds(start);
        await(
            () -> allRouted(client, size, scopes), Duration.ofMinutes(10), size + " tools routed");
        double routed = seconds(start);

        McpTool edited = tool(size - 1);
        edited.getSpec().getTools().add(policy("added_by_edit"));
        long editStart = System.nanoTime();
        client.resource(edited).fieldManager("bench").forceConflicts().serverSideApply();
        String expected = "t" + (size - 1) + ".added_by_edit";
        await(() -> gatewayConfig(client).contains(expected), Duration.ofMinutes(2), "the edit");
        double edit = seconds(editStart);
        gateway.shutdownNow();
        return new Result(
            size, scopes, applied, routed, edit, operator.heapUsedAfterGcMiB(), operator.rssMiB());
      }
    } finally {
      apiServer.stop();
    }
  }

  private static void install(KubernetesClient client) throws IOException, InterruptedException {
    CrdInstaller.installToolgateCrds(client, "bench", Duration.ofSeconds(30));
    widenServiceIpRange(client);
    client.resource(namespace(OPERATOR_NAMESPACE)).serverSideApply();
    client
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: toolgate.dev/v1alpha1
                kind: McpGateway
                metadata: {name: toolgate, namespace: %s}
                spec: {}
                """
                    .formatted(OPERATOR_NAMESPACE),
                io.fabric8.kubernetes.api.model.GenericKubernetesResource.class))
        .serverSideApply();
    for (int i = 0; i < TOOL_NAMESPACES; i++) {
      client.resource(namespace("tools-" + i)).serverSideApply();
    }
  }

  /**
   * kube-api-test fixes the Service range at 10.0.0.0/24: 254 Services, fewer than a large fleet
   * has workers. A second ServiceCIDR (networking.k8s.io/v1) widens it, as an admin would.
   */
  private static void widenServiceIpRange(KubernetesClient client) throws InterruptedException {
    var context =
        new io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext.Builder()
            .withGroup("networking.k8s.io")
            .withVersion("v1")
            .withPlural("servicecidrs")
            .withKind("ServiceCIDR")
            .withNamespaced(false)
            .build();
    var cidr =
        Serialization.unmarshal(
            """
            apiVersion: networking.k8s.io/v1
            kind: ServiceCIDR
            metadata: {name: bench}
            spec: {cidrs: [10.96.0.0/16]}
            """,
            io.fabric8.kubernetes.api.model.GenericKubernetesResource.class);
    client.genericKubernetesResources(context).resource(cidr).serverSideApply();
  }

  /**
   * Plays a gateway that loads every config at once: whenever the ConfigMap changes, its hash is
   * written to the McpGateway's status.gateway, as the gateway reports it. Routed=True waits for
   * that report, so the figures include the operator's reaction to it but no real gateway's load
   * time.
   */
  private static ScheduledExecutorService acknowledgeEveryConfig(KubernetesClient client) {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    String[] acknowledged = {null};
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            ConfigMap map =
                client
                    .configMaps()
                    .inNamespace(OPERATOR_NAMESPACE)
                    .withName(ToolgateNames.GATEWAY_CONFIGMAP)
                    .get();
            String hash =
                map == null
                    ? null
                    : map.getMetadata().getAnnotations().get(ToolgateNames.CONFIG_HASH_ANNOTATION);
            if (hash == null || hash.equals(acknowledged[0])) {
              return;
            }
            GatewayReport report = new GatewayReport();
            report.setLoadedConfigHash(hash);
            McpGatewayStatus status = new McpGatewayStatus();
            status.setConditions(null);
            status.setGateway(report);
            McpGateway body = new McpGateway();
            body.setMetadata(
                new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                    .withName(ToolgateNames.DEFAULT_MCPGATEWAY)
                    .withNamespace(OPERATOR_NAMESPACE)
                    .build());
            body.setStatus(status);
            client
                .resource(body)
                .subresource("status")
                .patch(
                    new io.fabric8.kubernetes.client.dsl.base.PatchContext.Builder()
                        .withPatchType(
                            io.fabric8.kubernetes.client.dsl.base.PatchType.SERVER_SIDE_APPLY)
                        .withFieldManager(ToolgateNames.GATEWAY_FIELD_MANAGER)
                        .withForce(true)
                        .build());
            acknowledged[0] = hash;
          } catch (RuntimeException e) {
            // tried again on the next tick
          }
        },
        0,
        50,
        TimeUnit.MILLISECONDS);
    return timer;
  }

  private static io.fabric8.kubernetes.api.model.Namespace namespace(String name) {
    return new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build();
  }

  /** Applies every resource at once, as Argo CD syncing a large app would. */
  private static void applyAll(KubernetesClient client, int tools, int scopes) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> pending = new ArrayList<>();
      for (int i = 0; i < tools; i++) {
        McpTool tool = tool(i);
        pending.add(
            pool.submit(() -> client.resource(tool).fieldManager("bench").serverSideApply()));
      }
      for (int i = 0; i < scopes; i++) {
        McpScope scope = scope(i);
        pending.add(
            pool.submit(() -> client.resource(scope).fieldManager("bench").serverSideApply()));
      }
      for (Future<?> future : pending) {
        future.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  static McpTool tool(int i) {
    return Serialization.unmarshal(
        """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpTool
        metadata: {name: t%d, namespace: tools-%d}
        spec:
          image: registry.example/tool:1.0
          replicas: 1
          sandbox:
            egress: [{cidr: 203.0.113.0/24, ports: [5432]}]
          tools:
          - name: read
            idempotent: true
            cache: {ttl: 1m}
            rateLimit: {requests: 60, period: 1m}
          - name: write
            rateLimit: {requests: 5, period: 1m}
        """
            .formatted(i, i % TOOL_NAMESPACES),
        McpTool.class);
  }

  private static dev.toolgate.api.v1alpha1.ToolPolicy policy(String name) {
    var policy = new dev.toolgate.api.v1alpha1.ToolPolicy();
    policy.setName(name);
    return policy;
  }

  /** Scope i grants the read tool of every tool in its namespace that shares i's residue. */
  static McpScope scope(int i) {
    return Serialization.unmarshal(
        """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpScope
        metadata: {name: s%d, namespace: tools-%d}
        spec:
          scope: "scope-%d"
          tools: ["t%d/read", "t%d/*"]
        """
            .formatted(i, i % TOOL_NAMESPACES, i, i, i),
        McpScope.class);
  }

  private static boolean allRouted(KubernetesClient client, int tools, int scopes) {
    String yaml = gatewayConfig(client);
    if (yaml.isEmpty()) {
      return false;
    }
    GatewayConfig config = GatewayConfigCodec.fromYaml(yaml);
    if (config.upstreams().size() != tools || config.scopes().size() != scopes) {
      return false;
    }
    List<McpTool> all = client.resources(McpTool.class).inAnyNamespace().list().getItems();
    long routed =
        all.stream()
            .filter(
                t ->
                    t.getStatus() != null
                        && t.getMetadata()
                            .getGeneration()
                            .equals(t.getStatus().getObservedGeneration())
                        && isTrue(t.getStatus().getConditions(), "Routed"))
            .count();
    if (routed != tools) {
      return false;
    }
    return client.apps().deployments().inAnyNamespace().list().getItems().size() == tools
        && client.network().v1().networkPolicies().inAnyNamespace().list().getItems().size()
            == tools;
  }

  private static boolean isTrue(List<Condition> conditions, String type) {
    return conditions != null
        && conditions.stream()
            .anyMatch(c -> c.getType().equals(type) && c.getStatus().equals("True"));
  }

  private static String gatewayConfig(KubernetesClient client) {
    ConfigMap map =
        client
            .configMaps()
            .inNamespace(OPERATOR_NAMESPACE)
            .withName(ToolgateNames.GATEWAY_CONFIGMAP)
            .get();
    return map == null || map.getData() == null
        ? ""
        : map.getData().getOrDefault(ToolgateNames.GATEWAY_CONFIG_KEY, "");
  }

  private static void await(BooleanSupplier condition, Duration timeout, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void describe(Report report, List<Result> results) {
    List<List<String>> rows = new ArrayList<>();
    for (Result r : results) {
      rows.add(
          List.of(
              String.valueOf(r.tools()),
              String.valueOf(r.scopes()),
              Report.ms(r.applySeconds()),
              Report.ms(r.allRoutedSeconds()),
              Report.ms(r.msPerTool()),
              Report.ms(r.editSeconds()),
              Report.num(r.heapMiB()),
              Report.num(r.rssMiB())));
    }
    report.section(
        "Figures",
        """
        Each size runs on a fresh kube-apiserver + etcd (kube-api-test, the binaries that
        scripts/kube-binaries.sh builds) with the operator as its packaged jar in its own JVM, leader
        election off. "all routed" runs from the first apply until every McpTool's status says
        Routed=True for its generation, every Deployment and NetworkPolicy exists and the gateway
        ConfigMap holds every upstream and scope. Routed=True needs the gateway's report that it
        loaded the config: the bench plays a gateway that reports each ConfigMap it sees (polled
        every 50 ms) at once. "one edit" adds a tool to one McpTool with all N
        present and runs until the ConfigMap has it. Heap is the operator's, after a full GC, at the
        end. kube-api-test runs no controller manager, so no pods start: WorkloadReady stays False.
        """);
    report.table(
        List.of(
            "McpTools",
            "McpScopes",
            "apply (s)",
            "all routed (s)",
            "ms per tool",
            "one edit (s)",
            "heap (MiB)",
            "RSS (MiB)"),
        rows);
    report.put("results", results);
    Result largest = results.getLast();
    Result smallest = results.getFirst();
    if (largest.tools() >= 1000) {
      report.target(
          "1,000 McpTools routed within 60 s",
          Report.ms(largest.allRoutedSeconds()) + " s",
          largest.allRoutedSeconds() <= 60);
      report.target(
          "one edit reaches the ConfigMap within 2 s with 1,000 present",
          Report.ms(largest.editSeconds()) + " s",
          largest.editSeconds() <= 2);
      report.target(
          "operator heap under 256 MB with 1,000",
          Report.num(largest.heapMiB()) + " MiB",
          largest.heapMiB() < 256);
    }
    if (results.size() > 1) {
      double growth = largest.msPerTool() / smallest.msPerTool();
      report.target(
          "cost grows linearly: time per tool at "
              + largest.tools()
              + " within 2x of that at "
              + smallest.tools(),
          Report.ratio(growth),
          growth <= 2.0);
    }
  }
}
