package dev.toolgate.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.operator.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerFqdnPolicyTest {

  @SuppressWarnings("unchecked")
  private final Map<String, Object> spec =
      (Map<String, Object>)
          WorkerFqdnPolicy.build(
                  WorkerSpec.of(Fixtures.tool(Fixtures.BILLING)), WorkerSettings.defaults("gw"))
              .getAdditionalProperties()
              .get("spec");

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> egress() {
    return (List<Map<String, Object>>) spec.get("egress");
  }

  @Test
  void isACiliumNetworkPolicyForTheWorkerPods() {
    CiliumNetworkPolicy policy =
        WorkerFqdnPolicy.build(
            WorkerSpec.of(Fixtures.tool(Fixtures.BILLING)), WorkerSettings.defaults("gw"));
    assertThat(policy.getApiVersion()).isEqualTo("cilium.io/v2");
    assertThat(policy.getKind()).isEqualTo("CiliumNetworkPolicy");
    assertThat(policy.getMetadata().getName()).isEqualTo("billing");
    assertThat(spec.get("endpointSelector"))
        .isEqualTo(Map.of("matchLabels", WorkerLabels.workerSelector("billing")));
  }

  @Test
  void letsCiliumSeeDnsSoItCanLearnTheHostsAddresses() {
    Map<String, Object> dns = egress().get(0);
    assertThat(dns.get("toEndpoints").toString())
        .contains("k8s:io.kubernetes.pod.namespace=kube-system", "k8s:k8s-app=kube-dns");
    assertThat(dns.get("toPorts").toString()).contains("port=53", "dns=");
  }

  @Test
  @SuppressWarnings("unchecked")
  void resolvesOnlyTheDeclaredHostsAndTheirClusterSearchSuffixes() {
    List<Map<String, Object>> toPorts = (List<Map<String, Object>>) egress().get(0).get("toPorts");
    Map<String, Object> rules = (Map<String, Object>) toPorts.get(0).get("rules");
    assertThat((List<Map<String, String>>) rules.get("dns"))
        .extracting(m -> m.entrySet().iterator().next().toString())
        .containsExactly(
            "matchName=api.stripe.com",
            "matchName=api.stripe.com.tools.svc.cluster.local",
            "matchName=api.stripe.com.svc.cluster.local",
            "matchName=api.stripe.com.cluster.local",
            "matchPattern=*.example.com",
            "matchPattern=*.example.com.tools.svc.cluster.local",
            "matchPattern=*.example.com.svc.cluster.local",
            "matchPattern=*.example.com.cluster.local");
  }

  @Test
  @SuppressWarnings("unchecked")
  void allowsOnlyTheDeclaredHostsAndPorts() {
    assertThat(egress()).hasSize(3);
    assertThat(egress().get(1).get("toFQDNs"))
        .isEqualTo(List.of(Map.of("matchName", "api.stripe.com")));
    List<Map<String, Object>> toPorts = (List<Map<String, Object>>) egress().get(1).get("toPorts");
    assertThat(toPorts.get(0).get("ports"))
        .isEqualTo(List.of(Map.of("port", "443", "protocol", "TCP")));
    assertThat(egress().get(2).get("toFQDNs"))
        .isEqualTo(List.of(Map.of("matchPattern", "*.example.com")));
    assertThat(egress().get(2)).doesNotContainKey("toPorts");
  }
}
