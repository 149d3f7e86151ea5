package dev.toolgate.operator.dependent;

import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.operator.model.WorkerLabels;
import dev.toolgate.operator.model.WorkerNetworkPolicy;
import dev.toolgate.operator.model.WorkerSettings;
import dev.toolgate.operator.model.WorkerSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * The worker's NetworkPolicy. Where Cilium writes the worker's host rules, DNS is left to the
 * CiliumNetworkPolicy: an L4 allow to the DNS pods here would let every name through Cilium's DNS
 * proxy, not only the declared hosts.
 */
@KubernetesDependent(informer = @Informer(labelSelector = WorkerLabels.MANAGED_SELECTOR))
public class NetworkPolicyDependent extends WorkerDependent<NetworkPolicy> {

  private final WorkerSettings settings;
  private final CiliumSupport cilium;

  public NetworkPolicyDependent(WorkerSettings settings, CiliumSupport cilium) {
    super(NetworkPolicy.class);
    this.settings = settings;
    this.cilium = cilium;
  }

  @Override
  protected NetworkPolicy desired(McpTool tool, Context<McpTool> context) {
    boolean dnsByCilium = WorkerSpec.hasHostEgress(tool) && cilium.isPresent(context.getClient());
    return WorkerNetworkPolicy.build(WorkerSpec.of(tool), settings, dnsByCilium);
  }
}
