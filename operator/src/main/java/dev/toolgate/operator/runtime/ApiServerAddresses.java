package dev.toolgate.operator.runtime;

import dev.toolgate.api.config.CidrBlock;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the API server listens, for the egress deny list: the address the operator reaches it at,
 * and the endpoints of the {@code default/kubernetes} Service, which are the API servers' own
 * addresses (pods can reach those directly, not only through the Service range).
 */
final class ApiServerAddresses {

  private static final Logger log = LoggerFactory.getLogger(ApiServerAddresses.class);

  private ApiServerAddresses() {}

  static List<String> discover(KubernetesClient client) {
    Set<String> found = new LinkedHashSet<>();
    String host = URI.create(client.getConfiguration().getMasterUrl()).getHost();
    add(found, host == null ? "" : host.replace("[", "").replace("]", ""));
    try {
      EndpointSlice slice =
          client
              .discovery()
              .v1()
              .endpointSlices()
              .inNamespace("default")
              .withName("kubernetes")
              .get();
      if (slice != null && slice.getEndpoints() != null) {
        for (Endpoint endpoint : slice.getEndpoints()) {
          endpoint.getAddresses().forEach(address -> add(found, address));
        }
      }
    } catch (KubernetesClientException e) {
      log.warn(
          "Cannot read the API server's endpoints (EndpointSlice default/kubernetes: {}); only {}"
              + " is denied to workers as the API server",
          e.getCode(),
          found);
    }
    return new ArrayList<>(found);
  }

  /** Host names are left out: a NetworkPolicy holds only addresses. */
  private static void add(Set<String> found, String address) {
    try {
      found.add(CidrBlock.parse(address).toString());
    } catch (IllegalArgumentException notAnAddress) {
      // A name such as kubernetes.default.svc: its address is in the Service range.
    }
  }
}
