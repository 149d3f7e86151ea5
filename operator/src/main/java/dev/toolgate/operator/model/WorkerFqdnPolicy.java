package dev.toolgate.operator.model;

import dev.toolgate.api.v1alpha1.EgressRule;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A CiliumNetworkPolicy that allows a worker's egress to the DNS hosts it declares. Cilium learns
 * the hosts' addresses from the DNS answers it proxies, which is why the DNS rule asks for L7
 * visibility; the same rule lets only lookups of the declared hosts through, so a worker cannot
 * resolve (or smuggle data out in) any other name. Cilium adds allow rules of all policies
 * together, so this only widens the NetworkPolicy's allow-list by these hosts, and that
 * NetworkPolicy leaves DNS to this one.
 */
public final class WorkerFqdnPolicy {

  private WorkerFqdnPolicy() {}

  public static CiliumNetworkPolicy build(WorkerSpec worker, WorkerSettings settings) {
    List<Object> egress = new ArrayList<>();
    egress.add(dnsRule(worker, settings));
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

  private static Map<String, Object> dnsRule(WorkerSpec worker, WorkerSettings settings) {
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
                Map.of("dns", lookups(worker, settings)))));
  }

  /**
   * The declared hosts, each also with the search-list suffixes the resolver tries first (ndots 5
   * in pods): those names are the cluster DNS's own, answered there and never sent out, and a
   * resolver that is refused one of them may give up before it asks for the real name.
   */
  static List<Object> lookups(WorkerSpec worker, WorkerSettings settings) {
    String domain = settings.clusterDomain();
    List<String> suffixes =
        List.of("", "." + worker.namespace() + ".svc." + domain, ".svc." + domain, "." + domain);
    Set<Object> names = new LinkedHashSet<>();
    for (EgressRule rule : worker.hostEgress()) {
      String host = rule.getHost();
      String key = host.startsWith("*.") ? "matchPattern" : "matchName";
      for (String suffix : suffixes) {
        names.add(Map.of(key, host + suffix));
      }
    }
    return List.copyOf(names);
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
