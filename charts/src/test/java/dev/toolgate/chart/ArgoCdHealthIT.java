package dev.toolgate.chart;

import static dev.toolgate.chart.Chart.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.toolgate.chart.ArgoCdHealth.Verdict;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Argo CD health check against statuses the real operator writes on a real API server, in each
 * state a tool or scope goes through. The samples are kept in target/argocd-health/.
 */
@EnableKubeAPIServer
class ArgoCdHealthIT {

  static final ResourceDefinitionContext MCPSCOPES =
      new ResourceDefinitionContext.Builder()
          .withGroup("toolgate.dev")
          .withVersion("v1alpha1")
          .withKind("McpScope")
          .withPlural("mcpscopes")
          .withNamespaced(true)
          .build();
  static final Path SAMPLES = Path.of("target", "argocd-health");

  @KubeConfig static String kubeconfig;

  static Cluster cluster;

  @BeforeAll
  static void install() throws Exception {
    cluster = new Cluster(kubeconfig);
    cluster.namespace(NAMESPACE);
    cluster.namespace("tools");
    for (HasMetadata crd : Chart.crds()) {
      cluster.apply(crd);
    }
    Chart chart = Chart.render();
    for (HasMetadata object : chart.objects) {
      cluster.apply(object);
    }
    cluster.identityKeysAsTheInstallHookMakes(NAMESPACE);
    // Applied before any operator runs: what Argo CD sees right after a sync.
    apply(
        """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpTool
        metadata: {name: fresh, namespace: tools}
        spec: {remote: {url: "https://fresh.example.com/mcp"}, tools: [{name: a}]}
        """);
    assertVerdict(
        sample("fresh-before-operator", cluster.tool("tools", "fresh")),
        "Progressing",
        "Waiting for the Toolgate operator");
    cluster.run(
        Chart.REPO.resolve("operator/target/toolgate-operator.jar"),
        chart.operator(),
        cluster.kubeconfigFor(NAMESPACE, "toolgate-operator"),
        Map.of(
            "TOOLGATE_HTTP_PORT",
            String.valueOf(Cluster.freePort()),
            "TOOLGATE_LOG_FORMAT",
            "text"),
        SAMPLES.resolve("operator.log"));
    // Compiled, but no gateway has said it loaded the route yet: a wait, not a fault.
    assertVerdict(
        sample(
            "fresh-awaiting-gateway",
            awaitTool(
                "fresh",
                c -> "Routed".equals(c.getType()) && "AwaitingGateway".equals(c.getReason()))),
        "Progressing",
        "the gateway has not loaded a config with this route yet");
    cluster.run(
        Chart.REPO.resolve("gateway/target/toolgate-gateway.jar"),
        chart.gateway(),
        cluster.kubeconfigFor(NAMESPACE, "toolgate-gateway"),
        Map.of("TOOLGATE_PORT", String.valueOf(Cluster.freePort()), "TOOLGATE_HOST", "127.0.0.1"),
        SAMPLES.resolve("gateway.log"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aRemoteToolTheOperatorRoutesIsHealthy() throws Exception {
    Map<String, Object> tool = awaitTool("fresh", ready("True"));
    assertVerdict(sample("remote-ready", tool), "Healthy", "Routed, valid and serving");
  }

  @Test
  void aWorkerThatIsRollingOutIsProgressingThenHealthy() throws Exception {
    apply(
        """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpTool
        metadata: {name: rolling, namespace: tools}
        spec: {image: registry.example/rolling:1, tools: [{name: a}]}
        """);
    Map<String, Object> rolling =
        awaitTool("rolling", c -> "Ready".equals(c.getType()) && "False".equals(c.getStatus()));
    assertVerdict(sample("workload-rolling-out", rolling), "Progressing", "");
    cluster.markRolledOut("tools", "rolling");
    assertVerdict(
        sample("workload-ready", awaitTool("rolling", ready("True"))), "Healthy", "serving");
  }

  @Test
  void theExampleBillingToolWithoutCiliumIsDegradedAndSaysWhy() throws Exception {
    apply(Files.readString(Chart.REPO.resolve("examples/tools/billing.yaml")));
    // Degraded while its pods still roll out: waiting will not make the host rule enforceable.
    Map<String, Object> billing =
        awaitTool(
            "billing",
            c ->
                "PolicyValid".equals(c.getType()) && "HostEgressNotEnforced".equals(c.getReason()));
    assertVerdict(
        sample("host-egress-not-enforced", billing),
        "Degraded",
        "PolicyValid: HostEgressNotEnforced: egress to api.stripe.com");
  }

  @Test
  void anInvalidSpecIsDegradedWithTheValidatorsMessage() throws Exception {
    apply(
        """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpTool
        metadata: {name: greedy, namespace: tools}
        spec:
          image: registry.example/greedy:1
          resources: {requests: {memory: 1Gi}, limits: {memory: 512Mi}}
          tools: [{name: a}]
        """);
    Map<String, Object> greedy = awaitTool("greedy", reason("InvalidSpec"));
    Verdict verdict =
        assertVerdict(sample("invalid-spec", greedy), "Degraded", "PolicyValid: InvalidSpec: ");
    assertThat(verdict.message()).contains("memory");
  }

  @Test
  void aWorkerScaledToZeroIsSuspended() throws Exception {
    apply(
        """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpTool
        metadata: {name: idle, namespace: tools}
        spec: {image: registry.example/idle:1, replicas: 0, tools: [{name: a}]}
        """);
    await()
        .atMost(Cluster.WAIT)
        .until(
            () -> cluster.admin.apps().deployments().inNamespace("tools").withName("idle").get(),
            d -> d != null);
    cluster.markRolledOut("tools", "idle");
    assertVerdict(
        sample("scaled-to-zero", awaitTool("idle", reason("ScaledToZero"))),
        "Suspended",
        "ScaledToZero");
  }

  @Test
  void aGenerationTheOperatorHasNotSeenIsProgressing() throws Exception {
    Map<String, Object> tool = awaitTool("fresh", ready("True"));
    @SuppressWarnings("unchecked")
    Map<String, Object> metadata = (Map<String, Object>) tool.get("metadata");
    // The moment after a user's edit: the API server bumped the generation, the operator has not
    // reconciled it yet.
    metadata.put("generation", ((Number) metadata.get("generation")).longValue() + 1);
    assertVerdict(sample("generation-ahead", tool), "Progressing", "observe generation");
  }

  @Test
  void scopesAreHealthyWhenInForceAndDegradedWhenAGrantDoesNotResolve() throws Exception {
    apply(
        """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpScope
        metadata: {name: echo-read, namespace: tools}
        spec: {scope: echo.read, tools: [fresh/a]}
        """);
    apply(
        """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpScope
        metadata: {name: dangling, namespace: tools}
        spec: {scope: nothing.here, tools: [missing/tool]}
        """);
    assertVerdict(sample("scope-in-force", awaitScope("echo-read", ready("True"))), "Healthy", "");
    Map<String, Object> dangling =
        awaitScope("dangling", c -> "Ready".equals(c.getType()) && "False".equals(c.getStatus()));
    assertVerdict(
        sample("scope-not-in-force", dangling), "Degraded", "tools/missing does not exist");
  }

  private static void apply(String yaml) {
    cluster
        .admin
        .resource(Serialization.unmarshal(yaml, GenericKubernetesResource.class))
        .fieldManager("kubectl")
        .serverSideApply();
  }

  private static Predicate<Condition> ready(String status) {
    return c -> "Ready".equals(c.getType()) && status.equals(c.getStatus());
  }

  private static Predicate<Condition> reason(String reason) {
    return c -> "Ready".equals(c.getType()) && reason.equals(c.getReason());
  }

  private static Map<String, Object> awaitTool(String name, Predicate<Condition> until) {
    return awaitResource(Cluster.MCPTOOLS, name, until);
  }

  private static Map<String, Object> awaitScope(String name, Predicate<Condition> until) {
    return awaitResource(MCPSCOPES, name, until);
  }

  private static Map<String, Object> awaitResource(
      ResourceDefinitionContext type, String name, Predicate<Condition> until) {
    GenericKubernetesResource found =
        await()
            .atMost(Cluster.WAIT)
            .until(
                () ->
                    cluster
                        .admin
                        .genericKubernetesResources(type)
                        .inNamespace("tools")
                        .withName(name)
                        .get(),
                r -> conditions(r).stream().anyMatch(until));
    return asMap(found);
  }

  private static List<Condition> conditions(GenericKubernetesResource resource) {
    if (resource == null || resource.get("status", "conditions") == null) {
      return List.of();
    }
    return List.of(
        Serialization.unmarshal(
            Serialization.asJson(resource.get("status", "conditions")), Condition[].class));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object resource) {
    return Serialization.unmarshal(Serialization.asJson(resource), LinkedHashMap.class);
  }

  private static Map<String, Object> sample(String name, Object resource) throws Exception {
    Map<String, Object> map = asMap(resource);
    Files.createDirectories(SAMPLES);
    Files.writeString(SAMPLES.resolve(name + ".json"), Serialization.asJson(map));
    return map;
  }

  private static Verdict assertVerdict(
      Map<String, Object> resource, String status, String message) {
    Verdict verdict = ArgoCdHealth.of(resource);
    assertThat(verdict.status()).as(Serialization.asYaml(resource.get("status"))).isEqualTo(status);
    assertThat(verdict.message()).contains(message);
    return verdict;
  }
}
