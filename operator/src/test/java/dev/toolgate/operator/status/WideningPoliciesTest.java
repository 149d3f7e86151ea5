package dev.toolgate.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.operator.model.WorkerLabels;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;

class WideningPoliciesTest {

  private static NetworkPolicy policy(String name, String spec) {
    return Serialization.unmarshal(
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: %s, namespace: tools}
        spec:
        %s
        """
            .formatted(name, spec.indent(2)),
        NetworkPolicy.class);
  }

  private static List<String> widening(NetworkPolicy... policies) {
    return WideningPolicies.find(
        WorkerLabels.forWorker("billing"),
        List.of(policies),
        p -> p.getMetadata().getName().equals("billing"));
  }

  @Test
  void aPolicyThatSelectsTheWorkerAndAllowsTrafficWidensIt() {
    assertThat(
            widening(
                policy("all-pods-egress", "podSelector: {}\npolicyTypes: [Egress]\negress: [{}]"),
                policy(
                    "by-label",
                    "podSelector: {matchLabels: {toolgate.dev/mcptool: billing}}\ningress: [{}]"),
                policy(
                    "not-in",
                    "podSelector:\n  matchExpressions:\n"
                        + "    - {key: app, operator: NotIn, values: [web]}\ningress: [{}]")))
        .containsExactly("all-pods-egress", "by-label", "not-in");
  }

  @Test
  void ownPoliciesOtherPodsAndPureDenialsDoNotCount() {
    assertThat(
            widening(
                policy("billing", "podSelector: {}\ningress: [{}]"),
                policy("web", "podSelector: {matchLabels: {app: web}}\ningress: [{}]"),
                policy(
                    "other-tool",
                    "podSelector: {matchLabels: {toolgate.dev/mcptool: crm}}\ningress: [{}]"),
                policy("deny", "podSelector: {}\npolicyTypes: [Ingress, Egress]"),
                policy(
                    "exists-missing",
                    "podSelector:\n  matchExpressions:\n"
                        + "    - {key: team, operator: Exists}\ningress: [{}]"),
                // Egress rules without the Egress type do not apply.
                policy("ingress-only", "podSelector: {}\npolicyTypes: [Ingress]\negress: [{}]")))
        .isEmpty();
  }
}
