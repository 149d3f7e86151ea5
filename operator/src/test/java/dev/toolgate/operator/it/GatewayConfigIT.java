package dev.toolgate.operator.it;

import static dev.toolgate.operator.it.Cluster.condition;
import static dev.toolgate.operator.it.Cluster.scopeCondition;
import static dev.toolgate.operator.it.Cluster.toolCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.toolgate.api.ToolgateNames;
import dev.toolgate.api.config.GatewayConfig;
import dev.toolgate.api.config.GatewayConfigCodec;
import dev.toolgate.api.v1alpha1.McpScope;
import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.operator.reconciler.McpGatewayReconciler;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * All McpTools and McpScopes compiled into the gateway ConfigMap: content, latency, write-only-on-
 * change, scope validation against the tools they grant, and the compiler's verdicts on status.
 */
class GatewayConfigIT extends OperatorOnApiServer {

  private static void remoteTool(String namespace, String name, String... tools) {
    StringBuilder list = new StringBuilder();
    for (String tool : tools) {
      list.append("\n    - name: ").append(tool);
    }
    cluster.apply(
        """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpTool
        metadata: {name: %s, namespace: %s}
        spec:
          remote: {url: "https://%s.example.com/mcp"}
          tools:%s
        """
            .formatted(name, namespace, name, list),
        McpTool.class);
  }

  private static void scope(String namespace, String name, String scope, String... grants) {
    cluster.apply(
        """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpScope
        metadata: {name: %s, namespace: %s}
        spec:
          scope: %s
          tools: [%s]
        """
            .formatted(name, namespace, scope, String.join(", ", grants)),
        McpScope.class);
  }

  @Test
  void compilesToolsAndScopesIntoTheConfigMapInTheOperatorNamespace() {
    ApiServer.namespace(admin, "compile", Map.of());
    remoteTool("compile", "crm", "find_customer", "update_customer");
    scope("compile", "crm-read", "crm.read", "crm/find_customer");

    GatewayConfig config =
        cluster.awaitGatewayConfig(
            c -> c.scopes().stream().anyMatch(s -> s.scope().equals("crm.read")));
    var upstream = config.upstream("compile/crm").orElseThrow();
    assertThat(upstream.url()).isEqualTo("https://crm.example.com/mcp");
    assertThat(upstream.passthroughPath()).isEqualTo("/mcp/tools/compile/crm");
    assertThat(upstream.tool("find_customer").orElseThrow().scopes())
        .containsExactly("crm.find_customer", "crm.read");
    assertThat(upstream.tool("update_customer").orElseThrow().scopes())
        .containsExactly("crm.update_customer");

    ConfigMap configMap = cluster.gatewayConfigMap().orElseThrow();
    String yaml = configMap.getData().get(ToolgateNames.GATEWAY_CONFIG_KEY);
    assertThat(configMap.getMetadata().getAnnotations())
        .containsEntry(ToolgateNames.CONFIG_HASH_ANNOTATION, GatewayConfigCodec.hash(yaml));
    assertThat(configMap.getMetadata().getManagedFields())
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.getManager() + "/" + f.getOperation())
                    .isEqualTo("toolgate-operator/Apply"));

    McpScope scope =
        cluster.awaitScope("compile", "crm-read", scopeCondition("Ready", "True", "InForce"));
    assertThat(scope.getStatus().getGrantedTools()).containsExactly("crm.find_customer");
  }

  @Test
  void everyChangeReachesTheConfigMapWithinTwoSeconds() {
    ApiServer.namespace(admin, "latency", Map.of());
    remoteTool("latency", "clock", "now");
    cluster.awaitGatewayConfig(c -> c.upstream("latency/clock").isPresent());
    List<Long> millis = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String tool = "tool_" + i;
      long start = System.nanoTime();
      remoteTool("latency", "clock", "now", tool);
      await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(20))
          .until(
              () ->
                  cluster
                      .gatewayConfig()
                      .flatMap(c -> c.upstream("latency/clock"))
                      .flatMap(u -> u.tool(tool))
                      .isPresent());
      millis.add((System.nanoTime() - start) / 1_000_000);
    }
    System.out.println("McpTool change -> ConfigMap, ms: " + millis);
    assertThat(millis).allSatisfy(ms -> assertThat(ms).isLessThan(2000));
  }

  @Test
  void writesTheConfigMapOnlyWhenTheCompiledBytesChange() {
    ApiServer.namespace(admin, "nochange", Map.of());
    remoteTool("nochange", "stable", "read");
    cluster.awaitGatewayConfig(c -> c.upstream("nochange/stable").isPresent());
    await().pollDelay(Duration.ofMillis(500)).until(() -> true);
    String version = cluster.gatewayConfigMap().orElseThrow().getMetadata().getResourceVersion();
    double compiles = compiles();

    // A label is not part of the config: the compiler runs again and nothing is written.
    admin
        .resources(McpTool.class)
        .inNamespace("nochange")
        .withName("stable")
        .edit(
            t -> {
              t.getMetadata().getLabels().put("team", "platform");
              return t;
            });
    await().atMost(Cluster.WAIT).until(() -> compiles() > compiles);
    await().pollDelay(Duration.ofMillis(500)).until(() -> true);
    assertThat(cluster.gatewayConfigMap().orElseThrow().getMetadata().getResourceVersion())
        .isEqualTo(version);
  }

  private static double compiles() {
    return operator.registry.find("toolgate.gateway.config.compile").timer().count();
  }

  @Test
  void aScopeThatGrantsAMissingToolIsReportedUntilTheToolExists() {
    ApiServer.namespace(admin, "grants", Map.of());
    scope("grants", "ghost-run", "ghost.run", "ghost/run");
    McpScope dangling =
        cluster.awaitScope(
            "grants", "ghost-run", scopeCondition("PolicyValid", "False", "NotInForce"));
    assertThat(
            condition(dangling.getStatus().getConditions(), "PolicyValid")
                .orElseThrow()
                .getMessage())
        .contains("McpTool grants/ghost does not exist");
    assertThat(condition(dangling.getStatus().getConditions(), "Ready").orElseThrow().getStatus())
        .isEqualTo("False");
    assertThat(cluster.gatewayConfig().orElseThrow().scopes())
        .noneMatch(s -> s.scope().equals("ghost.run"));
    var events =
        await()
            .until(
                () -> admin.events().v1().events().inNamespace("grants").list().getItems(),
                e -> !e.isEmpty());
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getReason()).isEqualTo("NotInForce");
              assertThat(e.getRegarding().getKind()).isEqualTo("McpScope");
            });

    remoteTool("grants", "ghost", "run");
    McpScope valid =
        cluster.awaitScope("grants", "ghost-run", scopeCondition("Ready", "True", "InForce"));
    assertThat(valid.getStatus().getGrantedTools()).containsExactly("ghost.run");
    cluster.awaitGatewayConfig(
        c -> c.scopes().stream().anyMatch(s -> s.scope().equals("ghost.run")));

    admin.resources(McpTool.class).inNamespace("grants").withName("ghost").delete();
    cluster.awaitScope("grants", "ghost-run", scopeCondition("PolicyValid", "False", "NotInForce"));
  }

  @Test
  void aScopeWithSomeUnresolvedGrantsKeepsTheOthersAndSaysWhich() {
    ApiServer.namespace(admin, "partial", Map.of());
    remoteTool("partial", "wiki", "read");
    scope("partial", "wiki-all", "wiki.all", "wiki/read", "wiki/write");
    McpScope scope =
        cluster.awaitScope(
            "partial", "wiki-all", scopeCondition("PolicyValid", "False", "InvalidGrant"));
    assertThat(scope.getStatus().getGrantedTools()).containsExactly("wiki.read");
    assertThat(
            condition(scope.getStatus().getConditions(), "PolicyValid").orElseThrow().getMessage())
        .contains("does not expose tool write");
  }

  @Test
  void theCompilersVerdictReachesTheToolStatus() {
    ApiServer.namespace(admin, "verdicts", Map.of());
    cluster.apply(
        """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpTool
        metadata: {name: bounded, namespace: verdicts}
        spec:
          remote: {url: "https://bounded.example.com/mcp"}
          tools:
            - name: write_file
              timeout: 10m
        """,
        McpTool.class);
    McpTool bounded =
        cluster.awaitTool(
            "verdicts", "bounded", toolCondition("PolicyValid", "False", "TimeoutAboveLimit"));
    // The timeout is bounded and the route kept, which the gateway then serves.
    cluster.awaitTool("verdicts", "bounded", toolCondition("Routed", "True", "Routed"));
    assertThat(
            condition(bounded.getStatus().getConditions(), "PolicyValid")
                .orElseThrow()
                .getMessage())
        .contains("write_file")
        .contains("5m applies");

    cluster.apply(
        """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpTool
        metadata: {name: leaky, namespace: verdicts}
        spec:
          remote: {url: "https://leaky.example.com/mcp"}
          tools: [{name: dump}]
          redact: {patterns: ["(unclosed"]}
        """,
        McpTool.class);
    McpTool leaky =
        cluster.awaitTool("verdicts", "leaky", toolCondition("Routed", "False", "NotRouted"));
    assertThat(condition(leaky.getStatus().getConditions(), "Ready").orElseThrow().getStatus())
        .isEqualTo("False");
    assertThat(cluster.gatewayConfig().orElseThrow().upstream("verdicts/leaky")).isEmpty();
  }

  @Test
  void aSquatterInAnotherNamespaceIsRefusedWithNameTakenWhileTheOwnerStaysRouted() {
    ApiServer.namespace(admin, "owner-ns", Map.of());
    ApiServer.namespace(admin, "aaa-squatter", Map.of());
    remoteTool("owner-ns", "search", "query");
    McpTool owner =
        cluster.awaitTool("owner-ns", "search", toolCondition("Routed", "True", "Routed"));
    // creationTimestamp counts whole seconds: the squatter comes in a later second. By
    // namespace/name alone ("aaa-squatter" < "owner-ns") it would win.
    Instant ownerCreated = Instant.parse(owner.getMetadata().getCreationTimestamp());
    await()
        .atMost(Duration.ofSeconds(3))
        .until(() -> Instant.now().isAfter(ownerCreated.plusSeconds(1)));
    remoteTool("aaa-squatter", "search", "query");

    McpTool squatter =
        cluster.awaitTool(
            "aaa-squatter", "search", toolCondition("PolicyValid", "False", "NameTaken"));
    assertThat(
            condition(squatter.getStatus().getConditions(), "PolicyValid")
                .orElseThrow()
                .getMessage())
        .contains("metadata.name", "tool prefix search", "McpTool owner-ns/search");
    assertThat(condition(squatter.getStatus().getConditions(), "Routed").orElseThrow().getReason())
        .isEqualTo("NameTaken");
    var events =
        await()
            .atMost(Cluster.WAIT)
            .until(
                () -> admin.events().v1().events().inNamespace("aaa-squatter").list().getItems(),
                e -> !e.isEmpty());
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getReason()).isEqualTo("NameTaken");
              assertThat(e.getRegarding().getName()).isEqualTo("search");
              assertThat(e.getNote()).contains("metadata.name", "owner-ns/search");
            });
    GatewayConfig config = cluster.gatewayConfig().orElseThrow();
    assertThat(config.upstream("owner-ns/search")).isPresent();
    assertThat(config.upstream("aaa-squatter/search")).isEmpty();
    assertThat(
            cluster
                .awaitTool("owner-ns", "search", toolCondition("PolicyValid", "True", "Valid"))
                .getStatus()
                .getTools())
        .extracting(t -> t.getExposedName())
        .containsExactly("search.query");

    // The name is free once its owner is gone.
    admin.resources(McpTool.class).inNamespace("owner-ns").withName("search").delete();
    cluster.awaitTool("aaa-squatter", "search", toolCondition("PolicyValid", "True", "Valid"));
    cluster.awaitGatewayConfig(c -> c.upstream("aaa-squatter/search").isPresent());
  }

  @Test
  void aRemoteUrlAtTheCloudMetadataServiceIsRefusedWithAConditionAndAnEvent() {
    ApiServer.namespace(admin, "ssrf", Map.of());
    cluster.apply(
        """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpTool
        metadata: {name: imds, namespace: ssrf}
        spec:
          remote: {url: "http://[::ffff:169.254.169.254]/latest/meta-data/"}
          tools: [{name: read}]
        """,
        McpTool.class);

    McpTool refused =
        cluster.awaitTool(
            "ssrf", "imds", toolCondition("PolicyValid", "False", "UpstreamNotAllowed"));
    assertThat(
            condition(refused.getStatus().getConditions(), "PolicyValid")
                .orElseThrow()
                .getMessage())
        .contains("spec.remote.url", "cloud metadata");
    assertThat(condition(refused.getStatus().getConditions(), "Routed").orElseThrow().getStatus())
        .isEqualTo("False");
    var events =
        await()
            .atMost(Cluster.WAIT)
            .until(
                () -> admin.events().v1().events().inNamespace("ssrf").list().getItems(),
                e -> !e.isEmpty());
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getReason()).isEqualTo("UpstreamNotAllowed");
              assertThat(e.getNote()).contains("spec.remote.url");
            });
    assertThat(cluster.gatewayConfig().orElseThrow().upstream("ssrf/imds")).isEmpty();
  }

  @Test
  void aDeletedConfigMapIsWrittenAgain() {
    ApiServer.namespace(admin, "restore", Map.of());
    remoteTool("restore", "keep", "me");
    cluster.awaitGatewayConfig(c -> c.upstream("restore/keep").isPresent());
    admin
        .configMaps()
        .inNamespace(ApiServer.OPERATOR_NAMESPACE)
        .withName(ToolgateNames.GATEWAY_CONFIGMAP)
        .delete();
    cluster.awaitGatewayConfig(c -> c.upstream("restore/keep").isPresent());
    assertThat(operator.reconciled(McpGatewayReconciler.NAME)).isPositive();
  }
}
