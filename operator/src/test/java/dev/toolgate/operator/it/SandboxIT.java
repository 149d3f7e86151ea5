package dev.toolgate.operator.it;

import static dev.toolgate.operator.it.Cluster.condition;
import static dev.toolgate.operator.it.Cluster.toolCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.toolgate.api.v1alpha1.McpTool;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sandbox cannot be widened quietly: the platform deny list (link-local and metadata, the API
 * server, the cluster's Service and Pod ranges) is cut out of every egress rule, a rule inside it
 * or one opening every address is refused with its field path, and another NetworkPolicy that
 * selects a worker's pods shows as SandboxIsolated=False. The operator runs with the settings a
 * cluster admin would give it, read by the flag parser.
 */
@OperatorFlags(
    identity = "sandbox-it",
    value = {
      "--gateway-namespace=toolgate-gateway",
      "--service-cidrs=10.96.0.0/12",
      "--pod-cidrs=10.244.0.0/16"
    })
class SandboxIT extends OperatorOnApiServer {

  private static void tool(String namespace, String egress) {
    ApiServer.namespace(admin, namespace, Map.of());
    cluster.apply(
        """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpTool
        metadata: {name: billing, namespace: %s}
        spec:
          toolPrefix: %s
          image: registry.example/billing-mcp:1.4.2
          sandbox:
            egress:
        %s
          tools: [{name: get_invoice}]
        """
            .formatted(namespace, namespace, egress),
        McpTool.class);
  }

  private static NetworkPolicy awaitPolicy(String namespace) {
    return await()
        .atMost(Cluster.WAIT)
        .until(
            () ->
                admin
                    .network()
                    .v1()
                    .networkPolicies()
                    .inNamespace(namespace)
                    .withName("billing")
                    .get(),
            p -> p != null);
  }

  private static List<Event> awaitEvent(String namespace, String reason) {
    return await()
        .atMost(Cluster.WAIT)
        .until(
            () -> admin.events().v1().events().inNamespace(namespace).list().getItems(),
            events -> events.stream().anyMatch(e -> reason.equals(e.getReason())));
  }

  @Test
  void wideRulesGetTheClusterRangesAndTheApiServerAsExceptBlocks() {
    tool(
        "except",
        """
              - {cidr: 10.0.0.0/8, ports: [5432]}
              - {cidr: 127.0.0.0/8}
              - {cidr: 192.168.10.0/24}
        """);
    NetworkPolicy policy = awaitPolicy("except");
    List<IPBlock> blocks =
        policy.getSpec().getEgress().stream()
            .skip(1) // cluster DNS
            .map(rule -> rule.getTo().get(0).getIpBlock())
            .toList();
    assertThat(blocks.get(0).getCidr()).isEqualTo("10.0.0.0/8");
    assertThat(blocks.get(0).getExcept()).containsExactly("10.96.0.0/12", "10.244.0.0/16");
    // kube-api-test listens on loopback: that is the API server's address here.
    assertThat(blocks.get(1).getExcept()).contains("127.0.0.1/32");
    assertThat(blocks.get(2).getExcept()).isNullOrEmpty();
    cluster.awaitTool("except", "billing", toolCondition("PolicyValid", "True", "Valid"));
  }

  @Test
  void aRuleToEveryAddressOrInsideTheDenyListIsRefusedWithItsFieldPath() {
    tool(
        "refused",
        """
              - {cidr: 0.0.0.0/0, ports: [443]}
              - {cidr: 169.254.169.254/32, ports: [80]}
              - {cidr: 10.244.3.0/24}
        """);
    McpTool tool =
        cluster.awaitTool(
            "refused", "billing", toolCondition("PolicyValid", "False", "EgressNotAllowed"));
    Condition policyValid =
        condition(tool.getStatus().getConditions(), "PolicyValid").orElseThrow();
    assertThat(policyValid.getMessage())
        .contains("spec.sandbox.egress[0].cidr: 0.0.0.0/0 opens every address")
        .contains("--egress-allow-any")
        .contains("spec.sandbox.egress[1].cidr: 169.254.169.254/32 lies inside 169.254.0.0/16")
        .contains(
            "spec.sandbox.egress[2].cidr: 10.244.3.0/24 lies inside 10.244.0.0/16 (the"
                + " cluster's Pod range)");
    assertThat(condition(tool.getStatus().getConditions(), "Ready").orElseThrow().getReason())
        .isEqualTo("EgressNotAllowed");
    awaitEvent("refused", "EgressNotAllowed");
    // No worker is built from a refused spec.
    assertThat(admin.apps().deployments().inNamespace("refused").withName("billing").get())
        .isNull();
  }

  @Test
  void askingForTheGatewaysJwksWhereTheOperatorKnowsNoneIsRefused() {
    // This operator has no --gateway-jwks-url: no port to open, no URL to give.
    ApiServer.namespace(admin, "nojwks", Map.of());
    cluster.apply(
        """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpTool
        metadata: {name: billing, namespace: nojwks}
        spec:
          toolPrefix: nojwks
          image: registry.example/billing-mcp:1.4.2
          sandbox: {gatewayJwks: true}
          tools: [{name: get_invoice}]
        """,
        McpTool.class);
    McpTool tool =
        cluster.awaitTool(
            "nojwks", "billing", toolCondition("PolicyValid", "False", "EgressNotAllowed"));
    assertThat(
            condition(tool.getStatus().getConditions(), "PolicyValid").orElseThrow().getMessage())
        .contains("spec.sandbox.gatewayJwks: this installation serves no JWKS to workers");
    assertThat(admin.apps().deployments().inNamespace("nojwks").withName("billing").get()).isNull();
  }

  @Test
  void theApiServersOwnAddressFromItsEndpointSliceIsDenied() {
    // What pods would reach besides the Service IP: the API server's endpoint, read at startup.
    String address =
        admin
            .discovery()
            .v1()
            .endpointSlices()
            .inNamespace("default")
            .withName("kubernetes")
            .get()
            .getEndpoints()
            .get(0)
            .getAddresses()
            .get(0);
    assertThat(address).isNotEqualTo("127.0.0.1");
    tool("apiserver", "      - {cidr: " + address + "/32, ports: [6443]}");
    McpTool tool =
        cluster.awaitTool(
            "apiserver", "billing", toolCondition("PolicyValid", "False", "EgressNotAllowed"));
    assertThat(
            condition(tool.getStatus().getConditions(), "PolicyValid").orElseThrow().getMessage())
        .contains(
            "spec.sandbox.egress[0].cidr: "
                + address
                + "/32 lies inside "
                + address
                + "/32 (the API server)");
  }

  @Test
  void anotherNetworkPolicySelectingTheWorkerFlipsSandboxIsolatedUntilItGoes() {
    tool("widened", "      - {cidr: 192.168.10.0/24}");
    awaitPolicy("widened");
    cluster.awaitTool("widened", "billing", toolCondition("SandboxIsolated", "True", "Isolated"));

    // A policy for other pods, and a pure deny, do not widen anything.
    applyPolicy(
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: web-ingress, namespace: widened}
        spec:
          podSelector: {matchLabels: {app: web}}
          ingress: [{}]
        """);
    applyPolicy(
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: default-deny, namespace: widened}
        spec:
          podSelector: {}
          policyTypes: [Ingress, Egress]
        """);
    // This one lets every pod in the namespace reach anything.
    applyPolicy(
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: allow-all-egress, namespace: widened}
        spec:
          podSelector:
            matchExpressions:
              - {key: app.kubernetes.io/component, operator: In, values: [mcp-worker, web]}
          policyTypes: [Egress]
          egress: [{}]
        """);
    McpTool widened =
        cluster.awaitTool(
            "widened", "billing", toolCondition("SandboxIsolated", "False", "WidenedByPolicy"));
    Condition isolated =
        condition(widened.getStatus().getConditions(), "SandboxIsolated").orElseThrow();
    assertThat(isolated.getMessage())
        .startsWith("NetworkPolicy allow-all-egress also selects the worker's pods")
        .doesNotContain("web-ingress")
        .doesNotContain("default-deny");
    assertThat(condition(widened.getStatus().getConditions(), "Ready").orElseThrow().getStatus())
        .isEqualTo("False");
    awaitEvent("widened", "WidenedByPolicy");

    admin
        .network()
        .v1()
        .networkPolicies()
        .inNamespace("widened")
        .withName("allow-all-egress")
        .delete();
    cluster.awaitTool("widened", "billing", toolCondition("SandboxIsolated", "True", "Isolated"));
  }

  private static void applyPolicy(String yaml) {
    for (HasMetadata object : ApiServer.load(yaml)) {
      admin.resource(object).fieldManager("kubectl").forceConflicts().serverSideApply();
    }
  }
}
