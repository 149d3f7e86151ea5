package dev.toolgate.operator.it;

import static dev.toolgate.operator.it.Cluster.toolCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.operator.model.WorkerDeployment;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * A worker that verifies identity tokens reaches the gateway's JWKS: with {@code
 * sandbox.gatewayJwks} its NetworkPolicy, as the API server stores it, gains one egress rule to the
 * gateway pods' JWKS port and its Deployment the URL; without it, or once it is taken back, both
 * are gone. The operator reads {@code --gateway-jwks-url} as the chart passes it.
 */
@OperatorFlags(
    identity = "jwks-it",
    value = "--gateway-namespace=toolgate-gateway",
    env = "TOOLGATE_GATEWAY_JWKS_URL=" + RunningOperator.GATEWAY_JWKS_URL)
class GatewayJwksIT extends OperatorOnApiServer {

  private static void tool(String namespace, boolean gatewayJwks) {
    ApiServer.namespace(admin, namespace, Map.of());
    cluster.apply(
        """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpTool
        metadata: {name: ledger, namespace: %s}
        spec:
          toolPrefix: %s
          image: registry.example/ledger:1
          env: [{name: MODE, value: live}]
          sandbox:
            egress: [{cidr: 203.0.113.20/32, ports: [5432]}]
        %s
          tools: [{name: balance}]
        """
            .formatted(namespace, namespace, gatewayJwks ? "    gatewayJwks: true" : ""),
        McpTool.class);
  }

  private static NetworkPolicy awaitPolicy(String namespace, Predicate<NetworkPolicy> until) {
    return await()
        .atMost(Cluster.WAIT)
        .until(
            () ->
                admin
                    .network()
                    .v1()
                    .networkPolicies()
                    .inNamespace(namespace)
                    .withName("ledger")
                    .get(),
            p -> p != null && until.test(p));
  }

  private static Deployment awaitDeployment(String namespace, Predicate<List<EnvVar>> until) {
    return await()
        .atMost(Cluster.WAIT)
        .until(
            () -> admin.apps().deployments().inNamespace(namespace).withName("ledger").get(),
            d -> d != null && until.test(env(d)));
  }

  private static List<EnvVar> env(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv();
  }

  private static boolean reachesGatewayJwks(NetworkPolicy policy) {
    return policy.getSpec().getEgress().stream().anyMatch(GatewayJwksIT::isJwksRule);
  }

  private static boolean isJwksRule(NetworkPolicyEgressRule rule) {
    return rule.getTo().size() == 1
        && rule.getTo().getFirst().getPodSelector() != null
        && rule.getPorts().size() == 1
        && rule.getPorts().getFirst().getPort().getIntVal() == 8082;
  }

  @Test
  void aToolThatAsksGetsEgressToTheGatewaysJwksPortAndTheUrlUntilItStopsAsking() {
    tool("verifier", true);
    NetworkPolicy policy = awaitPolicy("verifier", GatewayJwksIT::reachesGatewayJwks);
    NetworkPolicyEgressRule rule =
        policy.getSpec().getEgress().stream().filter(GatewayJwksIT::isJwksRule).findFirst().get();
    assertThat(rule.getTo().getFirst().getNamespaceSelector().getMatchLabels())
        .isEqualTo(Map.of("kubernetes.io/metadata.name", "toolgate-gateway"));
    assertThat(rule.getTo().getFirst().getPodSelector().getMatchLabels())
        .isEqualTo(Map.of("app.kubernetes.io/name", "toolgate-gateway"));
    assertThat(rule.getPorts().getFirst().getProtocol()).isEqualTo("TCP");
    assertThat(policy.getSpec().getEgress())
        .as("DNS, the declared CIDR, the JWKS port: nothing else of the gateway")
        .hasSize(3);
    awaitDeployment(
        "verifier",
        env ->
            env.contains(
                new EnvVar(WorkerDeployment.JWKS_URL_ENV, RunningOperator.GATEWAY_JWKS_URL, null)));
    cluster.awaitTool("verifier", "ledger", toolCondition("PolicyValid", "True", "Valid"));

    tool("verifier", false);
    assertThat(awaitPolicy("verifier", p -> !reachesGatewayJwks(p)).getSpec().getEgress())
        .hasSize(2);
    assertThat(awaitDeployment("verifier", env -> env.size() == 1))
        .satisfies(d -> assertThat(env(d)).extracting(EnvVar::getName).containsExactly("MODE"));
  }

  @Test
  void aToolThatDoesNotAskGetsNoWayToTheGateway() {
    tool("plain", false);
    cluster.awaitTool("plain", "ledger", toolCondition("PolicyValid", "True", "Valid"));
    NetworkPolicy policy = awaitPolicy("plain", p -> true);
    assertThat(policy.getSpec().getEgress()).hasSize(2).noneMatch(GatewayJwksIT::isJwksRule);
    assertThat(env(awaitDeployment("plain", env -> true)))
        .extracting(EnvVar::getName)
        .containsExactly("MODE");
  }
}
