package dev.toolgate.cluster;

import static dev.toolgate.cluster.Toolgate.TOOLS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What goes wrong, as the kubelet really does it: image pulls that fail, servers that crash, an
 * McpTool deleted, the operator killed in the middle of a burst, a worker killed mid-call.
 */
@ExtendWith(RequiresNode.class)
class FailurePathsIT {

  static final String FLEET = "fleet";
  static final int FLEET_SIZE = 50;

  static Toolgate toolgate;
  static KubeNode node;

  @BeforeAll
  static void install() {
    toolgate = Toolgate.get();
    node = toolgate.node;
  }

  @Test
  void aWrongImageShowsAsImagePullFailedWithTheKubeletsReason() {
    node.apply(
        """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpTool
        metadata: {name: misspelt, namespace: %s}
        spec:
          image: toolgate-conformance-wroker:0.1.0
          tools: [{name: echo}]
        """
            .formatted(TOOLS));
    Condition workload =
        toolgate.awaitCondition(TOOLS, "misspelt", "WorkloadReady", "False", "ImagePullFailed");
    // The kubelet alternates ErrImagePull (a pull just failed) and ImagePullBackOff (waiting to
    // try again); the status names the one it saw.
    assertThat(workload.getMessage())
        .matches(
            Pattern.compile(
                "0 of 1 pods are available; pod misspelt-[a-z0-9]+-[a-z0-9]+: container mcp-server"
                    + " cannot pull image toolgate-conformance-wroker:0\\.1\\.0"
                    + " \\((ImagePullBackOff|ErrImagePull)\\).*",
                Pattern.DOTALL));
    ContainerStateWaiting waiting =
        toolgate
            .workerPods(TOOLS, "misspelt")
            .getFirst()
            .getStatus()
            .getContainerStatuses()
            .getFirst()
            .getState()
            .getWaiting();
    assertThat(waiting.getReason()).isIn("ImagePullBackOff", "ErrImagePull");
    System.err.printf(
        "[cluster-tests] misspelt image: kubelet says %s (%s); status says: %s%n",
        waiting.getReason(), waiting.getMessage(), workload.getMessage());
    assertThat(toolgate.awaitCondition(TOOLS, "misspelt", "Ready", "False", "ImagePullFailed"))
        .isNotNull();
    node.kubectl(null, "-n", TOOLS, "delete", "mcptool", "misspelt", "--wait=false");
  }

  @Test
  void aCrashingWorkerShowsAsCrashLoopBackOff() {
    // The example image whose JVM refuses an option: it exits with status 1 at every start.
    node.apply(
        """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpTool
        metadata: {name: crashing, namespace: %s}
        spec:
          image: %s
          env: [{name: JAVA_TOOL_OPTIONS, value: "-XX:+NoSuchOption"}]
          tools: [{name: echo}]
        """
            .formatted(TOOLS, Workers.CONFORMANCE_IMAGE));
    Condition workload =
        toolgate.awaitCondition(TOOLS, "crashing", "WorkloadReady", "False", "CrashLoopBackOff");
    assertThat(workload.getMessage())
        .contains("container mcp-server keeps exiting: last exit code 1 (Error)");
    node.kubectl(null, "-n", TOOLS, "delete", "mcptool", "crashing", "--wait=false");
  }

  @Test
  void deletingAnMcpToolRemovesItsPodsAndItsRoute() {
    node.apply(Workers.conformance(TOOLS, "ephemeral"));
    toolgate.awaitCondition(TOOLS, "ephemeral", "Ready", "True", null);
    Pod pod = toolgate.readyWorkerPod(TOOLS, "ephemeral");
    assertThat(toolgate.gatewayConfig()).contains("id: tools/ephemeral");
    McpSyncClient client = Mcp.gateway();
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> toolNames(client), t -> t.contains("ephemeral.echo"));

      node.kubectl(null, "-n", TOOLS, "delete", "mcptool", "ephemeral");

      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> toolgate.workerPods(TOOLS, "ephemeral").isEmpty());
      assertThat(node.admin.pods().inNamespace(TOOLS).withName(pod.getMetadata().getName()).get())
          .isNull();
      for (String kind : List.of("deployment", "service", "networkpolicy", "serviceaccount")) {
        assertThat(
                node.kubectl(null, "-n", TOOLS, "get", kind, "ephemeral", "--ignore-not-found")
                    .stdout())
            .as(kind)
            .isEmpty();
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> !toolgate.gatewayConfig().contains("tools/ephemeral"));
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> toolNames(client), t -> !t.contains("ephemeral.echo"));
    } finally {
      client.closeGracefully();
    }
  }

  @Test
  void killingTheOperatorInTheMiddleOfFiftyMcpToolsConvergesAfterItRestarts()
      throws InterruptedException {
    node.namespace(FLEET, Toolgate.RESTRICTED);
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < FLEET_SIZE; i++) {
      yaml.append(
          """
          ---
          apiVersion: toolgate.dev/v1alpha1
          kind: McpTool
          metadata: {name: tool-%02d, namespace: %s}
          spec:
            image: %s
            resources:
              requests: {cpu: 1m, memory: 8Mi}
              limits: {cpu: 100m, memory: 32Mi}
            tools: [{name: get}]
          """
              .formatted(i, FLEET, KubeNode.HTTPD_IMAGE));
    }
    Pod operator = operatorPod();
    // Mid-apply: the operator pod goes as soon as it has made the first worker Deployment, killed
    // from the watch callback itself so that as little work as possible happens in between.
    CountDownLatch killed = new CountDownLatch(1);
    try (Watch watch =
        node.admin
            .apps()
            .deployments()
            .inNamespace(FLEET)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, Deployment deployment) {
                    if (killed.getCount() > 0) {
                      node.admin.pods().resource(operator).withGracePeriod(0).delete();
                      killed.countDown();
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      node.apply(yaml.toString());
      assertThat(killed.await(2, TimeUnit.MINUTES)).isTrue();
    }
    int seen = node.admin.apps().deployments().inNamespace(FLEET).list().getItems().size();
    long ready =
        IntStream.range(0, FLEET_SIZE)
            .mapToObj(i -> toolgate.tool(FLEET, "tool-%02d".formatted(i)))
            .map(tool -> Toolgate.condition(tool, "Ready"))
            .filter(c -> c != null && "True".equals(c.getStatus()))
            .count();
    System.err.printf(
        "[cluster-tests] operator pod %s killed with %d of %d worker Deployments applied, %d"
            + " McpTools Ready%n",
        operator.getMetadata().getName(), seen, FLEET_SIZE, ready);
    // How many Deployments the operator made before SIGKILL landed varies (1 to 49 of 50 here);
    // what matters is that it went before the fleet converged, so the replacement has to finish.
    assertThat(ready).isLessThan(FLEET_SIZE);

    Pod replacement =
        await()
            .atMost(Duration.ofMinutes(2))
            .until(
                this::operatorPod,
                p ->
                    p != null
                        && !p.getMetadata().getName().equals(operator.getMetadata().getName()));
    assertThat(replacement).isNotNull();
    for (int i = 0; i < FLEET_SIZE; i++) {
      toolgate.awaitCondition(FLEET, "tool-%02d".formatted(i), "Ready", "True", null);
    }
    String config = toolgate.gatewayConfig();
    for (int i = 0; i < FLEET_SIZE; i++) {
      assertThat(config).contains("id: %s/tool-%02d".formatted(FLEET, i));
    }
    assertThat(node.admin.apps().deployments().inNamespace(FLEET).list().getItems())
        .hasSize(FLEET_SIZE);
    assertThat(node.admin.services().inNamespace(FLEET).list().getItems()).hasSize(FLEET_SIZE);
    assertThat(node.admin.network().networkPolicies().inNamespace(FLEET).list().getItems())
        .hasSize(FLEET_SIZE);
    assertThat(
            node.admin.pods().inNamespace(FLEET).list().getItems().stream()
                .filter(p -> "Running".equals(p.getStatus().getPhase()))
                .count())
        .isEqualTo(FLEET_SIZE);
    node.kubectl(null, "delete", "namespace", FLEET, "--wait=false");
  }

  @Test
  void aWorkerKilledMidCallGivesTheCallerAnErrorAndTheNextCallReachesItsReplacement()
      throws Exception {
    node.apply(Workers.conformance(TOOLS, "conformance"));
    toolgate.awaitCondition(TOOLS, "conformance", "Ready", "True", null);
    Pod victim = toolgate.readyWorkerPod(TOOLS, "conformance");
    McpSyncClient client = Mcp.gateway(Duration.ofSeconds(90));
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> toolNames(client), t -> t.contains("conformance.sleep"));
      // Its own thread: on two cores the common pool has one worker, which the blocking call
      // would take from the Kubernetes client's callbacks.
      ExecutorService caller = Executors.newSingleThreadExecutor();
      CompletableFuture<CallToolResult> call =
          CompletableFuture.supplyAsync(
              () ->
                  client.callTool(
                      CallToolRequest.builder("conformance.sleep")
                          .arguments(Map.of("millis", 45_000))
                          .build()),
              caller);
      caller.shutdown();
      TimeUnit.SECONDS.sleep(3);
      assertThat(call).isNotDone();
      long killed = System.nanoTime();
      node.admin.pods().resource(victim).withGracePeriod(0).delete();

      Throwable failure = null;
      CallToolResult result = null;
      try {
        result = call.get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        failure = e.getCause();
      }
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killed);
      System.err.printf(
          "[cluster-tests] call to a killed worker ended after %d s: %s%n",
          seconds, failure != null ? failure : result);
      if (failure != null) {
        assertThat(failure).isInstanceOf(McpError.class);
      } else {
        assertThat(result.isError()).as("the call's result: " + result).isTrue();
      }

      Pod replacement =
          await()
              .atMost(Duration.ofMinutes(2))
              .until(
                  () -> toolgate.readyWorkerPod(TOOLS, "conformance"),
                  p -> !p.getMetadata().getName().equals(victim.getMetadata().getName()));
      toolgate.awaitCondition(TOOLS, "conformance", "WorkloadReady", "True", "PodsAvailable");
      CallToolResult next =
          client.callTool(
              CallToolRequest.builder("conformance.echo")
                  .arguments(Map.of("text", "again"))
                  .build());
      assertThat(next.isError()).as(String.valueOf(next)).isNotEqualTo(Boolean.TRUE);
      assertThat(((TextContent) next.content().getFirst()).text()).isEqualTo("conformance: again");
      assertThat(replacement.getMetadata().getName()).isNotEqualTo(victim.getMetadata().getName());
    } finally {
      client.closeGracefully();
    }
  }

  private Pod operatorPod() {
    return node
        .admin
        .pods()
        .inNamespace(Toolgate.NAMESPACE)
        .withLabel("app.kubernetes.io/name", "toolgate-operator")
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> "Running".equals(p.getStatus().getPhase()))
        .findFirst()
        .orElse(null);
  }

  private static List<String> toolNames(McpSyncClient client) {
    return client.listTools().tools().stream().map(Tool::name).filter(Objects::nonNull).toList();
  }
}
