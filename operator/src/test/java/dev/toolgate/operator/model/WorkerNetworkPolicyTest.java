package dev.toolgate.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.operator.Fixtures;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerNetworkPolicyTest {

  private final NetworkPolicy policy =
      WorkerNetworkPolicy.build(
          WorkerSpec.of(Fixtures.tool(Fixtures.BILLING)),
          WorkerSettings.defaults("toolgate-system"));

  @Test
  void deniesEverythingNotListedInBothDirections() {
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .isEqualTo(WorkerLabels.workerSelector("billing"));
  }

  @Test
  void admitsOnlyGatewayPodsFromTheGatewayNamespaceOnTheMcpPort() {
    var ingress = policy.getSpec().getIngress();
    assertThat(ingress).hasSize(1);
    var peer = ingress.get(0).getFrom().get(0);
    // One peer with both selectors: gateway pods *in* that namespace, not any pod of it.
    assertThat(ingress.get(0).getFrom()).hasSize(1);
    assertThat(peer.getNamespaceSelector().getMatchLabels())
        .containsExactlyEntriesOf(
            java.util.Map.of("kubernetes.io/metadata.name", "toolgate-system"));
    assertThat(peer.getPodSelector().getMatchLabels())
        .containsExactlyEntriesOf(java.util.Map.of("app.kubernetes.io/name", "toolgate-gateway"));
    assertThat(ingress.get(0).getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getPort().getIntVal()).isEqualTo(8080);
              assertThat(p.getProtocol()).isEqualTo("TCP");
            });
  }

  @Test
  void allowsDnsAndTheCidrRulesButNoHosts() {
    List<NetworkPolicyEgressRule> egress = policy.getSpec().getEgress();
    assertThat(egress).hasSize(3);
    assertThat(egress.get(0).getTo().get(0).getPodSelector().getMatchLabels())
        .containsEntry("k8s-app", "kube-dns");
    assertThat(egress.get(0).getPorts())
        .extracting(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
        .containsExactly("UDP/53", "TCP/53");
    assertThat(egress.get(1).getTo().get(0).getIpBlock().getCidr()).isEqualTo("10.20.0.0/16");
    assertThat(egress.get(1).getPorts())
        .extracting(p -> p.getPort().getIntVal())
        .containsExactly(5432);
    assertThat(egress.get(2).getTo().get(0).getIpBlock().getCidr()).isEqualTo("192.168.0.0/24");
    assertThat(egress.get(2).getPorts()).as("no ports: all ports of that block").isEmpty();
  }

  @Test
  void withoutRulesOnlyDnsLeavesThePod() {
    NetworkPolicy closed =
        WorkerNetworkPolicy.build(
            WorkerSpec.of(
                Fixtures.tool(
                    """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpTool
        metadata: {name: closed}
        spec: {image: closed:1, port: 9000}
        """)),
            WorkerSettings.defaults("gw"));
    assertThat(closed.getSpec().getEgress()).hasSize(1);
    assertThat(closed.getSpec().getIngress().get(0).getPorts().get(0).getPort().getIntVal())
        .isEqualTo(9000);
  }

  @Test
  void cutsThePlatformDenyListOutOfWiderRules() {
    NetworkPolicy wide =
        WorkerNetworkPolicy.build(
            WorkerSpec.of(Fixtures.tool(Fixtures.BILLING)),
            WorkerSettings.defaults("toolgate-system")
                .withEgress(
                    EgressBoundary.defaults().with(java.util.List.of("10.20.30.0/24"), "test")));
    var blocks =
        wide.getSpec().getEgress().stream()
            .skip(1)
            .map(r -> r.getTo().get(0).getIpBlock())
            .toList();
    assertThat(blocks.get(0).getCidr()).isEqualTo("10.20.0.0/16");
    assertThat(blocks.get(0).getExcept()).containsExactly("10.20.30.0/24");
    // Nothing to cut: no except list at all, as the API server would store it.
    assertThat(blocks.get(1).getExcept()).isNullOrEmpty();
  }

  @Test
  void leavesDnsToCiliumWhereCiliumResolvesTheDeclaredHosts() {
    NetworkPolicy withCilium =
        WorkerNetworkPolicy.build(
            WorkerSpec.of(Fixtures.tool(Fixtures.BILLING)),
            WorkerSettings.defaults("toolgate-system"),
            true);
    assertThat(withCilium.getSpec().getEgress())
        .allSatisfy(rule -> assertThat(rule.getTo().get(0).getIpBlock()).isNotNull());
    assertThat(policy.getSpec().getEgress().get(0).getTo().get(0).getIpBlock()).isNull();
  }
}
