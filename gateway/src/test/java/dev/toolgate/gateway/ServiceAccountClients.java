package dev.toolgate.gateway;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * Clients that act as a ServiceAccount on a test API server, so what a test does as the gateway is
 * checked against the RBAC the gateway ships with.
 */
public final class ServiceAccountClients {

  private ServiceAccountClients() {}

  /** Impersonates {@code system:serviceaccount:<namespace>:<name>} with its groups. */
  public static KubernetesClient as(String kubeconfig, String namespace, String name) {
    Config config = Config.fromKubeconfig(kubeconfig);
    config.setImpersonateUsername("system:serviceaccount:" + namespace + ":" + name);
    config.setImpersonateGroups(
        "system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated");
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
