package dev.toolgate.operator.model;

import dev.toolgate.api.v1alpha1.EgressRule;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Default deny in both directions for a worker. Ingress: only gateway pods, only the MCP port.
 * Egress: cluster DNS and the declared CIDR rules, less the platform's deny list ({@link
 * EgressBoundary}), and the gateway's JWKS port when the tool asks for it. Host rules cannot be
 * written in a NetworkPolicy and are left out, so they stay denied here; {@link WorkerFqdnPolicy}
 * allows them where Cilium can.
 */
public final class WorkerNetworkPolicy {

  /** Namespaces carry their name in this label (set by the API server since Kubernetes 1.21). */
  public static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

  private WorkerNetworkPolicy() {}

  public static NetworkPolicy build(WorkerSpec worker, WorkerSettings settings) {
    return build(worker, settings, false);
  }

  /**
   * @param dnsByCilium the worker's CiliumNetworkPolicy allows DNS, for the declared hosts only
   *     ({@link WorkerFqdnPolicy}); an allow here would open every name again, as Cilium adds an L4
   *     allow to the same port on top of its DNS rules
   */
  public static NetworkPolicy build(
      WorkerSpec worker, WorkerSettings settings, boolean dnsByCilium) {
    List<NetworkPolicyEgressRule> egress = new ArrayList<>();
    if (!dnsByCilium) {
      egress.add(dnsRule(settings));
    }
    for (EgressRule rule : worker.cidrEgress()) {
      egress.add(cidrRule(rule, settings.egress()));
    }
    if (worker.gatewayJwks() && settings.gatewayJwks() != null) {
      egress.add(gatewayJwksRule(settings));
    }
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(worker.name())
        .withNamespace(worker.namespace())
        .withLabels(WorkerLabels.forWorker(worker.name()))
        .endMetadata()
        .withNewSpec()
        .withNewPodSelector()
        .withMatchLabels(WorkerLabels.workerSelector(worker.name()))
        .endPodSelector()
        .withPolicyTypes("Ingress", "Egress")
        .addNewIngress()
        .addToFrom(gatewayPods(settings))
        .addToPorts(tcp(worker.port()))
        .endIngress()
        .withEgress(egress)
        .endSpec()
        .build();
  }

  /**
   * To the gateway pods' JWKS port only: the gateway serves its public keys there and nothing else,
   * so the worker still cannot reach {@code /mcp} or the admin port.
   */
  private static NetworkPolicyEgressRule gatewayJwksRule(WorkerSettings settings) {
    return new NetworkPolicyEgressRuleBuilder()
        .addToTo(gatewayPods(settings))
        .addToPorts(tcp(settings.gatewayJwks().podPort()))
        .build();
  }

  private static io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer gatewayPods(
      WorkerSettings settings) {
    return new NetworkPolicyPeerBuilder()
        .withNewNamespaceSelector()
        .withMatchLabels(Map.of(NAMESPACE_NAME_LABEL, settings.gatewayNamespace()))
        .endNamespaceSelector()
        .withNewPodSelector()
        .withMatchLabels(settings.gatewayPodLabels())
        .endPodSelector()
        .build();
  }

  private static NetworkPolicyEgressRule dnsRule(WorkerSettings settings) {
    return new NetworkPolicyEgressRuleBuilder()
        .addToTo(
            new NetworkPolicyPeerBuilder()
                .withNewNamespaceSelector()
                .withMatchLabels(Map.of(NAMESPACE_NAME_LABEL, settings.dnsNamespace()))
                .endNamespaceSelector()
                .withNewPodSelector()
                .withMatchLabels(settings.dnsPodLabels())
                .endPodSelector()
                .build())
        .addToPorts(port("UDP", 53), port("TCP", 53))
        .build();
  }

  /**
   * The platform's deny list goes in as {@code except}: an empty list is left out, as the API does.
   */
  private static NetworkPolicyEgressRule cidrRule(EgressRule rule, EgressBoundary boundary) {
    List<String> except = boundary.exceptions(rule.getCidr());
    NetworkPolicyEgressRuleBuilder builder =
        new NetworkPolicyEgressRuleBuilder()
            .addToTo(
                new NetworkPolicyPeerBuilder()
                    .withNewIpBlock()
                    .withCidr(rule.getCidr())
                    .withExcept(except.isEmpty() ? null : except)
                    .endIpBlock()
                    .build());
    if (rule.getPorts() != null && !rule.getPorts().isEmpty()) {
      builder.withPorts(rule.getPorts().stream().map(WorkerNetworkPolicy::tcp).toList());
    }
    return builder.build();
  }

  private static NetworkPolicyPort tcp(int port) {
    return port("TCP", port);
  }

  private static NetworkPolicyPort port(String protocol, int port) {
    return new NetworkPolicyPortBuilder()
        .withProtocol(protocol)
        .withPort(new IntOrString(port))
        .build();
  }
}
