package dev.toolgate.operator.it;

import static dev.toolgate.operator.it.Cluster.condition;
import static dev.toolgate.operator.it.Cluster.scopeCondition;
import static dev.toolgate.operator.it.Cluster.toolCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.toolgate.api.ToolgateNames;
import dev.toolgate.api.v1alpha1.GatewayReport;
import dev.toolgate.api.v1alpha1.McpGateway;
import dev.toolgate.api.v1alpha1.McpGatewaySpec;
import dev.toolgate.api.v1alpha1.McpGatewayStatus;
import dev.toolgate.api.v1alpha1.McpScope;
import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.api.v1alpha1.McpToolStatus;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The McpGateway as the primary of the compiled config, on a real kube-apiserver: its status, the
 * gateway's report in {@code status.gateway} deciding Routed (a rejected config, a loaded one, a
 * name collision found at run time), the gateway's ServiceAccount writing only its own McpGateway's
 * status, its spec's namespaces and limits, and what happens without it. A stand-in plays the
 * gateway (GatewayStandIn); the gateway's own reporter is tested in the gateway module.
 */
@EnableKubeAPIServer(
    apiServerFlags = {"--enable-admission-plugins", "OwnerReferencesPermissionEnforcement"})
class McpGatewayIT extends OperatorOnApiServer {

  private static McpTool remoteTool(String namespace, String name, String extra) {
    ApiServer.namespace(admin, namespace, Map.of());
    return cluster.apply(
        """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpTool
        metadata: {name: %s, namespace: %s}
        spec:
          remote: {url: "https://%s.example.com/mcp"}
          tools: [{name: search}]
        %s"""
            .formatted(name, namespace, name, extra.indent(2)),
        McpTool.class);
  }

  private static List<Event> awaitEvent(String namespace, Predicate<Event> which) {
    return await()
        .atMost(Cluster.WAIT)
        .until(
            () -> admin.events().v1().events().inNamespace(namespace).list().getItems(),
            events -> events.stream().anyMatch(which));
  }

  private static String message(McpTool tool, String type) {
    return condition(tool.getStatus().getConditions(), type).orElseThrow().getMessage();
  }

  private static Predicate<McpGateway> loaded(String hash) {
    return g ->
        g.getStatus() != null
            && g.getStatus().getGateway() != null
            && hash.equals(g.getStatus().getGateway().getLoadedConfigHash());
  }

  @Test
  void theMcpGatewayShowsWhatWasCompiledAndOwnsTheConfigMap() {
    remoteTool("summary", "summary", "");
    cluster.awaitTool("summary", "summary", toolCondition("Routed", "True", "Routed"));

    McpGateway gateway =
        cluster.awaitGateway(
            g ->
                g.getStatus() != null
                    && g.getStatus().getConfigHash() != null
                    && g.getStatus()
                        .getConfigHash()
                        .equals(
                            cluster
                                .gatewayConfigMap()
                                .orElseThrow()
                                .getMetadata()
                                .getAnnotations()
                                .get(ToolgateNames.CONFIG_HASH_ANNOTATION)));
    McpGatewayStatus status = gateway.getStatus();
    assertThat(status.getConfigMap()).isEqualTo("toolgate-system/toolgate-gateway-config");
    assertThat(status.getRoutedTools()).isPositive();
    assertThat(status.getViolations()).isNotNull();
    assertThat(status.getObservedGeneration()).isEqualTo(gateway.getMetadata().getGeneration());
    Condition ready = condition(status.getConditions(), "Ready").orElseThrow();
    assertThat(ready.getStatus() + "/" + ready.getReason()).isEqualTo("True/Compiled");
    assertThat(ready.getMessage())
        .contains("into ConfigMap toolgate-system/toolgate-gateway-config");
    // The operator's status patches and the gateway's report sit side by side.
    assertThat(status.getGateway().getLoadedConfigHash()).isEqualTo(status.getConfigHash());
    assertThat(status.getConditions()).extracting(Condition::getType).containsExactly("Ready");

    ConfigMap configMap = cluster.gatewayConfigMap().orElseThrow();
    assertThat(configMap.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getKind()).isEqualTo("McpGateway");
              assertThat(o.getUid()).isEqualTo(gateway.getMetadata().getUid());
              assertThat(o.getController()).isTrue();
            });
    assertThat(gateway.getMetadata().getManagedFields())
        .extracting(f -> f.getManager() + "/" + f.getSubresource())
        .contains("toolgate-operator/status", "toolgate-gateway/status");
  }

  @Test
  void aRejectedConfigShowsOnTheMcpGatewayAndKeepsItsToolsUnroutedUntilOneLoads() {
    remoteTool("rejects", "stable", "");
    cluster.awaitTool("rejects", "stable", toolCondition("Routed", "True", "Routed"));
    gateway.rejectWith("upstreams[3].url: not an address the gateway may reach");
    try {
      remoteTool("rejects", "fresh", "");

      McpTool fresh =
          cluster.awaitTool("rejects", "fresh", toolCondition("Routed", "False", "ConfigRejected"));
      assertThat(message(fresh, "Routed"))
          .contains("rejected the config that holds this route")
          .contains("not an address the gateway may reach");
      assertThat(condition(fresh.getStatus().getConditions(), "Ready").orElseThrow().getReason())
          .isEqualTo("ConfigRejected");
      McpGateway rejected =
          cluster.awaitGateway(
              g ->
                  g.getStatus() != null
                      && g.getStatus().getGateway() != null
                      && g.getStatus()
                          .getConfigHash()
                          .equals(g.getStatus().getGateway().getRejectedConfigHash()));
      Condition configLoaded =
          condition(rejected.getStatus().getGateway().getConditions(), "ConfigLoaded")
              .orElseThrow();
      assertThat(configLoaded.getStatus() + "/" + configLoaded.getReason())
          .isEqualTo("False/ConfigRejected");
      assertThat(configLoaded.getMessage()).contains("not an address the gateway may reach");
      // The route the gateway still serves, unchanged, stays routed.
      assertThat(
              condition(cluster.tool("rejects", "stable").getStatus().getConditions(), "Routed")
                  .orElseThrow()
                  .getStatus())
          .isEqualTo("True");
      awaitEvent(
          ApiServer.OPERATOR_NAMESPACE,
          e ->
              "ConfigRejected".equals(e.getReason())
                  && "McpGateway".equals(e.getRegarding().getKind()));
      awaitEvent(
          "rejects",
          e ->
              "ConfigRejected".equals(e.getReason()) && "fresh".equals(e.getRegarding().getName()));
    } finally {
      gateway.accept();
    }

    cluster.awaitTool("rejects", "fresh", toolCondition("Routed", "True", "Routed"));
    cluster.awaitTool("rejects", "fresh", toolCondition("Ready", "True", "Ready"));
    McpGateway recovered =
        cluster.awaitGateway(loaded(cluster.mcpGateway().getStatus().getConfigHash()));
    assertThat(
            condition(recovered.getStatus().getGateway().getConditions(), "ConfigLoaded")
                .orElseThrow()
                .getStatus())
        .isEqualTo("True");
  }

  @Test
  void aNameTheGatewayFindsTakenAtRunTimeReachesTheLosingToolWithAnEvent() {
    remoteTool("collide", "first", "exposeAll: true");
    remoteTool("collide", "second", "exposeAll: true");
    cluster.awaitTool("collide", "second", toolCondition("Routed", "True", "Routed"));

    gateway.nameTaken("collide/second", "lookup", "second.lookup", "collide/first");

    McpTool loser =
        cluster.awaitTool("collide", "second", toolCondition("Routed", "False", "NameTaken"));
    assertThat(message(loser, "Routed"))
        .contains("tool lookup as second.lookup: collide/first keeps that name")
        .contains("serves the other tools");
    assertThat(
            condition(loser.getStatus().getConditions(), "PolicyValid").orElseThrow().getStatus())
        .as("the spec is fine; the gateway found the clash")
        .isEqualTo("True");
    List<Event> events =
        awaitEvent(
            "collide",
            e -> "NameTaken".equals(e.getReason()) && "second".equals(e.getRegarding().getName()));
    assertThat(events)
        .filteredOn(e -> "NameTaken".equals(e.getReason()))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getNote()).contains("collide/first keeps that name");
            });
    assertThat(
            condition(cluster.tool("collide", "first").getStatus().getConditions(), "Routed")
                .orElseThrow()
                .getStatus())
        .isEqualTo("True");
  }

  @Test
  void theGatewaysServiceAccountWritesOnlyItsOwnMcpGatewaysStatus() {
    remoteTool("rbac", "own", "");
    cluster.awaitTool("rbac", "own", toolCondition("Routed", "True", "Routed"));
    cluster.awaitGateway(g -> g.getStatus() != null && g.getStatus().getGateway() != null);
    McpGateway other = new McpGateway();
    other.setMetadata(
        new ObjectMetaBuilder()
            .withName("other")
            .withNamespace(ApiServer.OPERATOR_NAMESPACE)
            .build());
    admin.resource(other).serverSideApply();

    // Its own: the stand-in's writes above went through; a read of the status subresource too.
    assertThat(
            gateway.asGateway.raw(
                "/apis/toolgate.dev/v1alpha1/namespaces/toolgate-system/mcpgateways/toolgate/status"))
        .contains("loadedConfigHash");

    assertForbidden(() -> applyStatusAsGateway("other"));
    assertForbidden(
        () ->
            gateway
                .asGateway
                .resources(McpGateway.class)
                .inNamespace(ApiServer.OPERATOR_NAMESPACE)
                .withName(ToolgateNames.DEFAULT_MCPGATEWAY)
                .get());
    assertForbidden(
        () ->
            gateway
                .asGateway
                .resources(McpGateway.class)
                .inNamespace(ApiServer.OPERATOR_NAMESPACE)
                .withName(ToolgateNames.DEFAULT_MCPGATEWAY)
                .edit(g -> g));
    McpTool forged = new McpTool();
    forged.setMetadata(new ObjectMetaBuilder().withName("own").withNamespace("rbac").build());
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
            gateway
                .asGateway
                .resource(forged)
                .subresource("status")
                .patch(
                    new PatchContext.Builder()
                        .withPatchType(PatchType.SERVER_SIDE_APPLY)
                        .withFieldManager(ToolgateNames.GATEWAY_FIELD_MANAGER)
                        .withForce(true)
                        .build()));
  }

  private static void applyStatusAsGateway(String name) {
    McpGateway body = new McpGateway();
    body.setMetadata(
        new ObjectMetaBuilder().withName(name).withNamespace(ApiServer.OPERATOR_NAMESPACE).build());
    McpGatewayStatus status = new McpGatewayStatus();
    status.setConditions(null);
    GatewayReport report = new GatewayReport();
    report.setLoadedConfigHash("sha256:0000000000000000");
    status.setGateway(report);
    body.setStatus(status);
    gateway
        .asGateway
        .resource(body)
        .subresource("status")
        .patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager(ToolgateNames.GATEWAY_FIELD_MANAGER)
                .withForce(true)
                .build());
  }

  private static void assertForbidden(Runnable call) {
    KubernetesClientException e = catchThrowableOfType(KubernetesClientException.class, call::run);
    assertThat(e).as("forbidden for the gateway's ServiceAccount").isNotNull();
    assertThat(e.getCode()).isEqualTo(403);
  }

  @Test
  void theSpecsNamespacesAndLimitsShapeTheCompile() {
    remoteTool("served", "slow", "timeout: 2m");
    remoteTool("unserved", "elsewhere", "");
    cluster.awaitTool("served", "slow", toolCondition("Routed", "True", "Routed"));
    try {
      editSpec(
          """
          namespaces: [served]
          limits: {maxToolTimeout: 1m}
          """);

      McpTool elsewhere =
          cluster.awaitTool(
              "unserved", "elsewhere", toolCondition("Routed", "False", "NamespaceNotServed"));
      assertThat(message(elsewhere, "Routed"))
          .contains("McpGateway toolgate-system/toolgate does not serve namespace unserved");
      assertThat(cluster.gatewayConfig().orElseThrow().upstream("unserved/elsewhere")).isEmpty();
      McpTool slow =
          cluster.awaitTool(
              "served", "slow", toolCondition("PolicyValid", "False", "TimeoutAboveLimit"));
      assertThat(message(slow, "PolicyValid")).contains("1m applies");
    } finally {
      editSpec("");
    }
    cluster.awaitTool("unserved", "elsewhere", toolCondition("Routed", "True", "Routed"));
    cluster.awaitTool("served", "slow", toolCondition("PolicyValid", "True", "Valid"));
  }

  @Test
  void anInvalidSpecIsReportedAndTheLastConfigStays() {
    remoteTool("invalid-spec", "kept", "");
    cluster.awaitTool("invalid-spec", "kept", toolCondition("Routed", "True", "Routed"));
    String version = cluster.gatewayConfigMap().orElseThrow().getMetadata().getResourceVersion();
    try {
      editSpec("limits: {configBudgetTotal: 2Mi}");
      McpGateway invalid =
          cluster.awaitGateway(
              g ->
                  condition(g.getStatus().getConditions(), "Ready")
                      .filter(c -> "InvalidSpec".equals(c.getReason()))
                      .isPresent());
      assertThat(condition(invalid.getStatus().getConditions(), "Ready").orElseThrow().getMessage())
          .startsWith("spec.limits.configBudgetTotal:")
          .contains("the last one stays");
      awaitEvent(
          ApiServer.OPERATOR_NAMESPACE,
          e ->
              "InvalidSpec".equals(e.getReason())
                  && "McpGateway".equals(e.getRegarding().getKind()));
      assertThat(cluster.gatewayConfigMap().orElseThrow().getMetadata().getResourceVersion())
          .isEqualTo(version);
    } finally {
      editSpec("");
    }
    cluster.awaitGateway(
        g ->
            condition(g.getStatus().getConditions(), "Ready")
                .filter(c -> "True".equals(c.getStatus()))
                .isPresent());
  }

  @Test
  void withoutAnMcpGatewayNothingIsRoutedAndItsReturnRoutesAgain() {
    remoteTool("absent", "waiting", "");
    cluster.apply(
        """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpScope
        metadata: {name: read, namespace: absent}
        spec: {scope: waiting.read, tools: [waiting/search]}
        """,
        McpScope.class);
    cluster.awaitTool("absent", "waiting", toolCondition("Routed", "True", "Routed"));
    admin
        .resources(McpGateway.class)
        .inNamespace(ApiServer.OPERATOR_NAMESPACE)
        .withName(ToolgateNames.DEFAULT_MCPGATEWAY)
        .delete();
    try {
      McpTool waiting =
          cluster.awaitTool("absent", "waiting", toolCondition("Routed", "False", "NoGateway"));
      assertThat(message(waiting, "Routed"))
          .contains("There is no McpGateway toolgate-system/toolgate")
          .contains("the Helm chart creates it");
      cluster.awaitScope("absent", "read", scopeCondition("Ready", "False", "NoGateway"));
    } finally {
      ApiServer.mcpGateway(admin);
    }
    cluster.awaitTool("absent", "waiting", toolCondition("Ready", "True", "Ready"));
    cluster.awaitScope("absent", "read", scopeCondition("Ready", "True", "InForce"));
  }

  /**
   * {@code kubectl edit} of the McpGateway's spec. (Server-side apply of {@code spec: {}} over a
   * spec with fields would leave {@code spec: null}, which the schema refuses.) Like kubectl, it
   * reads and writes again when the operator or the gateway patched the status in between (409).
   */
  private static void editSpec(String yaml) {
    for (int attempt = 1; ; attempt++) {
      try {
        admin
            .resources(McpGateway.class)
            .inNamespace(ApiServer.OPERATOR_NAMESPACE)
            .withName(ToolgateNames.DEFAULT_MCPGATEWAY)
            .edit(
                g -> {
                  g.setSpec(
                      yaml.isBlank()
                          ? new McpGatewaySpec()
                          : Serialization.unmarshal(yaml, McpGatewaySpec.class));
                  return g;
                });
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 5) {
          throw e;
        }
      }
    }
  }
}
