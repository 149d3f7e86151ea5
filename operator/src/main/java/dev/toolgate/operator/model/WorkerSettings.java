package dev.toolgate.operator.model;

import dev.toolgate.api.ToolgateNames;
import java.util.Map;

/**
 * What the worker objects need to know about the cluster around them.
 *
 * @param gatewayNamespace where the gateway pods run; only they may connect to workers
 * @param gatewayPodLabels the labels that select gateway pods in that namespace
 * @param dnsNamespace where the cluster DNS pods run
 * @param dnsPodLabels the labels that select cluster DNS pods
 * @param clusterDomain the cluster's DNS domain, for worker endpoints
 * @param egress the ranges no worker may reach, and whether a rule may open every address
 * @param gatewayJwks where workers that ask for it fetch the gateway's identity keys, or {@code
 *     null} when the gateway serves none to workers
 */
public record WorkerSettings(
    String gatewayNamespace,
    Map<String, String> gatewayPodLabels,
    String dnsNamespace,
    Map<String, String> dnsPodLabels,
    String clusterDomain,
    EgressBoundary egress,
    GatewayJwks gatewayJwks) {

  public WorkerSettings {
    gatewayPodLabels = Map.copyOf(gatewayPodLabels);
    dnsPodLabels = Map.copyOf(dnsPodLabels);
  }

  /** Settings with only the default egress deny list (link-local and metadata addresses). */
  public WorkerSettings(
      String gatewayNamespace,
      Map<String, String> gatewayPodLabels,
      String dnsNamespace,
      Map<String, String> dnsPodLabels,
      String clusterDomain) {
    this(
        gatewayNamespace,
        gatewayPodLabels,
        dnsNamespace,
        dnsPodLabels,
        clusterDomain,
        EgressBoundary.defaults(),
        null);
  }

  public WorkerSettings withEgress(EgressBoundary boundary) {
    return new WorkerSettings(
        gatewayNamespace,
        gatewayPodLabels,
        dnsNamespace,
        dnsPodLabels,
        clusterDomain,
        boundary,
        gatewayJwks);
  }

  public WorkerSettings withGatewayJwks(GatewayJwks value) {
    return new WorkerSettings(
        gatewayNamespace,
        gatewayPodLabels,
        dnsNamespace,
        dnsPodLabels,
        clusterDomain,
        egress,
        value);
  }

  /** Defaults for a gateway in {@code gatewayNamespace} on a cluster with CoreDNS or kube-dns. */
  public static WorkerSettings defaults(String gatewayNamespace) {
    return new WorkerSettings(
        gatewayNamespace,
        Map.of(ToolgateNames.GATEWAY_POD_LABEL, ToolgateNames.GATEWAY_POD_LABEL_VALUE),
        "kube-system",
        Map.of("k8s-app", "kube-dns"),
        ToolgateNames.DEFAULT_CLUSTER_DOMAIN);
  }
}
