package dev.toolgate.operator.model;

import dev.toolgate.api.v1alpha1.EgressRule;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A CiliumNetworkPolicy that allows a worker's egress to the DNS hosts it declares. Cilium learns
 * the hosts' addresses from the DNS answers it proxies, which is why the DNS rule asks for L7
 * visibility. Cilium adds allow rules of all policies together, so this only widens the
 * NetworkPolicy's allow-list by these hosts.
 */
public final class WorkerFqdnPolicy {

  private WorkerFqdnPolicy() {}

  public static CiliumNetworkPolicy build(WorkerSpec worker, WorkerSettings settings) {
    List<Object> egress = new ArrayList<>();
    egress.add(dnsRule(settings));
    for (EgressRule rule : worker.hostEgress()) {
      egress.add(hostRule(rule));
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("endpointSelector", Map.of("matchLabels", WorkerLabels.workerSelector(worker.name())));
    spec.put("egress", egress);
    CiliumNetworkPolicy policy = new CiliumNetworkPolicy();
    policy.setMetadata(
        new ObjectMetaBuilder()
            .withName(worker.name())
            .withNamespace(worker.namespace())
            .withLabels(WorkerLabels.forWorker(worker.name()))
            .build());
    policy.setAdditionalProperty("spec", spec);
    return policy;
  }

  private static Map<String, Object> dnsRule(WorkerSettings settings) {
    Map<String, String> dnsPods = new LinkedHashMap<>();
    dnsPods.put("k8s:io.kubernetes.pod.namespace", settings.dnsNamespace());
    settings.dnsPodLabels().forEach((key, value) -> dnsPods.put("k8s:" + key, value));
    return Map.of(
        "toEndpoints",
        List.of(Map.of("matchLabels", dnsPods)),
        "toPorts",
        List.of(
            Map.of(
                "ports",
                List.of(Map.of("port", "53", "protocol", "ANY")),
                "rules",
                Map.of("dns", List.of(Map.of("matchPattern", "*"))))));
  }

  private static Map<String, Object> hostRule(EgressRule rule) {
    String host = rule.getHost();
    Map<String, Object> fqdn =
        host.startsWith("*.") ? Map.of("matchPattern", host) : Map.of("matchName", host);
    Map<String, Object> egress = new LinkedHashMap<>();
    egress.put("toFQDNs", List.of(fqdn));
    if (rule.getPorts() != null && !rule.getPorts().isEmpty()) {
      List<Object> ports =
          rule.getPorts().stream()
              .map(port -> (Object) Map.of("port", String.valueOf(port), "protocol", "TCP"))
              .toList();
      egress.put("toPorts", List.of(Map.of("ports", ports)));
    }
    return egress;
  }
}
