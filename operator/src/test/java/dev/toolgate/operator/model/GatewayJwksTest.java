package dev.toolgate.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.toolgate.operator.Fixtures;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A worker that asks for the gateway's JWKS: one egress rule, one variable, nothing more. */
class GatewayJwksTest {

  static final String URL =
      "http://toolgate-gateway-jwks.toolgate-system.svc.cluster.local:8082/.well-known/jwks.json";

  static final String VERIFIER =
      """
      apiVersion: toolgate.dev/v1alpha1
      kind: McpTool
      metadata: {name: ledger, namespace: finance}
      spec:
        image: registry.example/ledger:1
        env: [{name: MODE, value: live}]
        sandbox: {gatewayJwks: true}
      """;

  private final WorkerSettings served =
      WorkerSettings.defaults("toolgate-system").withGatewayJwks(GatewayJwks.parse(URL));

  @Test
  void aWorkerThatAsksMayReachTheGatewayPodsJwksPortOnly() {
    NetworkPolicy policy =
        WorkerNetworkPolicy.build(WorkerSpec.of(Fixtures.tool(VERIFIER)), served);
    List<NetworkPolicyEgressRule> egress = policy.getSpec().getEgress();
    assertThat(egress).hasSize(2); // DNS, then the gateway's JWKS port
    NetworkPolicyEgressRule jwks = egress.get(1);
    assertThat(jwks.getTo())
        .singleElement()
        .satisfies(
            peer -> {
              assertThat(peer.getNamespaceSelector().getMatchLabels())
                  .isEqualTo(Map.of("kubernetes.io/metadata.name", "toolgate-system"));
              assertThat(peer.getPodSelector().getMatchLabels())
                  .isEqualTo(Map.of("app.kubernetes.io/name", "toolgate-gateway"));
              assertThat(peer.getIpBlock()).isNull();
            });
    assertThat(jwks.getPorts())
        .extracting(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
        .containsExactly("TCP/8082");
  }

  @Test
  void aWorkerThatAsksIsToldTheUrlBesideItsOwnVariables() {
    Deployment deployment = WorkerDeployment.build(WorkerSpec.of(Fixtures.tool(VERIFIER)), served);
    assertThat(env(deployment))
        .containsExactly(
            new EnvVar("MODE", "live", null), new EnvVar(WorkerDeployment.JWKS_URL_ENV, URL, null));
  }

  @Test
  void aWorkerThatDoesNotAskGetsNeitherRuleNorVariable() {
    WorkerSpec billing = WorkerSpec.of(Fixtures.tool(Fixtures.BILLING));
    assertThat(WorkerNetworkPolicy.build(billing, served))
        .isEqualTo(WorkerNetworkPolicy.build(billing, WorkerSettings.defaults("toolgate-system")));
    assertThat(env(WorkerDeployment.build(billing, served)))
        .extracting(EnvVar::getName)
        .containsExactly("MODE");
  }

  @Test
  void withoutAJwksUrlNothingIsOpenedEvenWhenAsked() {
    WorkerSpec verifier = WorkerSpec.of(Fixtures.tool(VERIFIER));
    WorkerSettings none = WorkerSettings.defaults("toolgate-system");
    assertThat(WorkerNetworkPolicy.build(verifier, none).getSpec().getEgress()).hasSize(1);
    assertThat(env(WorkerDeployment.build(verifier, none)))
        .extracting(EnvVar::getName)
        .containsExactly("MODE");
  }

  @Test
  void theUsersOwnValueOfTheVariableIsLeftAlone() {
    String own =
        VERIFIER.replace(
            "env: [{name: MODE, value: live}]",
            "env: [{name: TOOLGATE_IDENTITY_JWKS_URL, value: 'https://keys.example/jwks'}]");
    assertThat(env(WorkerDeployment.build(WorkerSpec.of(Fixtures.tool(own)), served)))
        .containsExactly(
            new EnvVar(WorkerDeployment.JWKS_URL_ENV, "https://keys.example/jwks", null));
  }

  @Test
  void theUrlMustNameThePortThePoliciesOpen() {
    assertThat(GatewayJwks.parse(URL).podPort()).isEqualTo(8082);
    assertThatThrownBy(() -> GatewayJwks.parse("http://gw.toolgate-system.svc/jwks.json"))
        .hasMessageContaining("HOST:PORT");
    assertThatThrownBy(() -> GatewayJwks.parse("ftp://gw:21/jwks.json"))
        .hasMessageContaining("http(s)://");
    assertThatThrownBy(() -> GatewayJwks.parse("http://gw:8081/a b"))
        .hasMessageContaining("is not a URL");
  }

  private static List<EnvVar> env(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv();
  }
}
