package dev.toolgate.operator.it;

import static org.awaitility.Awaitility.await;

import dev.toolgate.api.ToolgateNames;
import dev.toolgate.api.config.GatewayConfig;
import dev.toolgate.api.config.GatewayConfigCodec;
import dev.toolgate.api.v1alpha1.McpGateway;
import dev.toolgate.api.v1alpha1.McpScope;
import dev.toolgate.api.v1alpha1.McpTool;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** What a user and the cluster do in the tests, on the admin client. */
final class Cluster {

  static final Duration WAIT = Duration.ofSeconds(30);

  final KubernetesClient admin;

  Cluster(KubernetesClient admin) {
    this.admin = admin;
  }

  /** {@code kubectl apply --server-side} of one McpTool or McpScope written as YAML. */
  <T extends HasMetadata> T apply(String yaml, Class<T> type) {
    T resource = Serialization.unmarshal(yaml, type);
    return admin.resource(resource).fieldManager("kubectl").forceConflicts().serverSideApply();
  }

  McpTool tool(String namespace, String name) {
    return admin.resources(McpTool.class).inNamespace(namespace).withName(name).get();
  }

  McpGateway mcpGateway() {
    return admin
        .resources(McpGateway.class)
        .inNamespace(ApiServer.OPERATOR_NAMESPACE)
        .withName(ToolgateNames.DEFAULT_MCPGATEWAY)
        .get();
  }

  McpGateway awaitGateway(Predicate<McpGateway> until) {
    return awaitMatch("McpGateway toolgate", this::mcpGateway, until, McpGateway::getStatus);
  }

  McpScope scope(String namespace, String name) {
    return admin.resources(McpScope.class).inNamespace(namespace).withName(name).get();
  }

  static Optional<Condition> condition(List<Condition> conditions, String type) {
    return conditions == null
        ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  McpTool awaitTool(String namespace, String name, Predicate<McpTool> until) {
    return awaitMatch(
        "McpTool " + namespace + "/" + name,
        () -> tool(namespace, name),
        until,
        McpTool::getStatus);
  }

  McpScope awaitScope(String namespace, String name, Predicate<McpScope> until) {
    return awaitMatch(
        "McpScope " + namespace + "/" + name,
        () -> scope(namespace, name),
        until,
        McpScope::getStatus);
  }

  /** Polls until the resource matches; on timeout the failure shows its last status. */
  private static <T> T awaitMatch(
      String what, Supplier<T> read, Predicate<T> until, Function<T, Object> status) {
    try {
      return await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(100))
          .until(read::get, r -> r != null && until.test(r));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      T last = read.get();
      throw new AssertionError(
          what
              + " never matched; status is\n"
              + (last == null ? "(deleted)" : Serialization.asYaml(status.apply(last))),
          e);
    }
  }

  static Predicate<McpTool> toolCondition(String type, String status, String reason) {
    return t ->
        t.getStatus() != null
            && condition(t.getStatus().getConditions(), type)
                .filter(
                    c ->
                        status.equals(c.getStatus())
                            && (reason == null || reason.equals(c.getReason())))
                .isPresent();
  }

  static Predicate<McpScope> scopeCondition(String type, String status, String reason) {
    return s ->
        s.getStatus() != null
            && condition(s.getStatus().getConditions(), type)
                .filter(
                    c ->
                        status.equals(c.getStatus())
                            && (reason == null || reason.equals(c.getReason())))
                .isPresent();
  }

  Optional<ConfigMap> gatewayConfigMap() {
    return Optional.ofNullable(
        admin
            .configMaps()
            .inNamespace(ApiServer.OPERATOR_NAMESPACE)
            .withName(ToolgateNames.GATEWAY_CONFIGMAP)
            .get());
  }

  Optional<GatewayConfig> gatewayConfig() {
    return gatewayConfigMap()
        .map(cm -> cm.getData().get(ToolgateNames.GATEWAY_CONFIG_KEY))
        .map(GatewayConfigCodec::fromYaml);
  }

  GatewayConfig awaitGatewayConfig(Predicate<GatewayConfig> until) {
    return await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> gatewayConfig().orElse(null), c -> c != null && until.test(c));
  }

  Deployment awaitDeployment(String namespace, String name) {
    return await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> admin.apps().deployments().inNamespace(namespace).withName(name).get(),
            d -> d != null);
  }

  /** Plays the Deployment controller, which kube-api-test does not run: all pods up to date. */
  void markRolledOut(String namespace, String name) {
    admin
        .apps()
        .deployments()
        .inNamespace(namespace)
        .withName(name)
        .editStatus(
            d -> {
              int replicas = d.getSpec().getReplicas();
              d.setStatus(
                  new DeploymentStatusBuilder()
                      .withObservedGeneration(d.getMetadata().getGeneration())
                      .withReplicas(replicas)
                      .withUpdatedReplicas(replicas)
                      .withReadyReplicas(replicas)
                      .withAvailableReplicas(replicas)
                      .build());
              return d;
            });
  }
}
