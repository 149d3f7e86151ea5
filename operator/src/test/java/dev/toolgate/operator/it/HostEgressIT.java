package dev.toolgate.operator.it;

import static dev.toolgate.operator.it.Cluster.condition;
import static dev.toolgate.operator.it.Cluster.toolCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.operator.model.CiliumNetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Egress to DNS host names: never silently allowed. Without Cilium the McpTool says the rule cannot
 * be enforced; once the CiliumNetworkPolicy CRD appears the operator writes one with toFQDNs. The
 * tests run in order because installing the CRD changes the cluster for good.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostEgressIT extends OperatorOnApiServer {

  @BeforeAll
  static void createNamespace() {
    ApiServer.namespace(admin, "egress", Map.of());
  }

  private static void stripeClient(String egress) {
    cluster.apply(
        """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpTool
        metadata: {name: payments, namespace: egress}
        spec:
          image: registry.example/payments:2
          sandbox:
            egress:
        %s
          tools: [{name: charge}]
        """
            .formatted(egress),
        McpTool.class);
  }

  @Test
  @Order(1)
  void withoutCiliumAHostRuleIsReportedAsNotEnforcedAndStaysDenied() {
    stripeClient(
        """
              - {cidr: 10.20.0.0/16, ports: [5432]}
              - {host: api.stripe.com, ports: [443]}
        """);
    cluster.awaitDeployment("egress", "payments");
    cluster.markRolledOut("egress", "payments");
    McpTool tool =
        cluster.awaitTool(
            "egress", "payments", toolCondition("Ready", "False", "HostEgressNotEnforced"));
    assertThat(
            condition(tool.getStatus().getConditions(), "PolicyValid").orElseThrow().getMessage())
        .contains("api.stripe.com:[443]")
        .contains("denied");
    assertThat(condition(tool.getStatus().getConditions(), "Ready").orElseThrow().getReason())
        .isEqualTo("HostEgressNotEnforced");
    // Still routed: the rest of the tool works, only the host is out of reach.
    assertThat(condition(tool.getStatus().getConditions(), "Routed").orElseThrow().getStatus())
        .isEqualTo("True");

    NetworkPolicy policy =
        await()
            .until(
                () ->
                    admin
                        .network()
                        .v1()
                        .networkPolicies()
                        .inNamespace("egress")
                        .withName("payments")
                        .get(),
                p -> p != null);
    assertThat(policy.getSpec().getEgress())
        .as("DNS and the CIDR rule, nothing for the host")
        .hasSize(2)
        .allSatisfy(
            rule ->
                assertThat(rule.getTo())
                    .noneMatch(
                        peer ->
                            peer.getIpBlock() != null
                                && peer.getIpBlock().getCidr().startsWith("0.0.0.0")));
    assertThat(admin.events().v1().events().inNamespace("egress").list().getItems())
        .extracting(e -> e.getReason())
        .contains("HostEgressNotEnforced");
  }

  @Test
  @Order(2)
  void onceCiliumIsInstalledTheHostRuleBecomesACiliumNetworkPolicy() {
    ApiServer.applyCrd(admin, ApiServer.resource("cilium-networkpolicy-crd.yaml"));
    CiliumNetworkPolicy fqdn =
        await()
            .atMost(Cluster.WAIT)
            .until(
                () ->
                    admin
                        .resources(CiliumNetworkPolicy.class)
                        .inNamespace("egress")
                        .withName("payments")
                        .get(),
                p -> p != null);
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) fqdn.getAdditionalProperties().get("spec");
    assertThat(spec.get("endpointSelector").toString()).contains("toolgate.dev/mcptool=payments");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> egress = (List<Map<String, Object>>) spec.get("egress");
    assertThat(egress.get(1).get("toFQDNs").toString()).isEqualTo("[{matchName=api.stripe.com}]");
    assertThat(egress.get(1).get("toPorts").toString()).contains("port=443");
    // DNS: only the declared host (and the cluster's search suffixes the resolver tries first).
    assertThat(egress.get(0).get("toPorts").toString())
        .contains("rules={dns=[{matchName=api.stripe.com}, {matchName=api.stripe.com.egress.svc")
        .doesNotContain("matchPattern");
    // The NetworkPolicy leaves DNS to Cilium: an L4 allow there would let every name through.
    NetworkPolicy policy =
        await()
            .atMost(Cluster.WAIT)
            .until(
                () ->
                    admin
                        .network()
                        .v1()
                        .networkPolicies()
                        .inNamespace("egress")
                        .withName("payments")
                        .get(),
                p -> p.getSpec().getEgress().size() == 1);
    assertThat(policy.getSpec().getEgress().get(0).getTo().get(0).getIpBlock().getCidr())
        .isEqualTo("10.20.0.0/16");
    assertThat(fqdn.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getKind()).isEqualTo("McpTool"));
    cluster.awaitTool("egress", "payments", toolCondition("PolicyValid", "True", "Valid"));
  }

  @Test
  @Order(3)
  void droppingTheHostRuleDeletesTheCiliumNetworkPolicy() {
    stripeClient(
        """
              - {cidr: 10.20.0.0/16, ports: [5432]}
        """);
    await()
        .atMost(Cluster.WAIT)
        .until(
            () ->
                admin
                        .resources(CiliumNetworkPolicy.class)
                        .inNamespace("egress")
                        .withName("payments")
                        .get()
                    == null);
    // Without the CiliumNetworkPolicy the NetworkPolicy allows DNS again.
    await()
        .atMost(Cluster.WAIT)
        .until(
            () ->
                admin
                    .network()
                    .v1()
                    .networkPolicies()
                    .inNamespace("egress")
                    .withName("payments")
                    .get(),
            p -> p.getSpec().getEgress().size() == 2);
  }
}
