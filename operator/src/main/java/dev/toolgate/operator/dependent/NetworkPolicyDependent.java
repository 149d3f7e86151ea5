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

@KubernetesDependent(informer = @Informer(labelSelector = WorkerLabels.MANAGED_SELECTOR))
public class NetworkPolicyDependent extends WorkerDependent<NetworkPolicy> {

  private final WorkerSettings settings;

  public NetworkPolicyDependent(WorkerSettings settings) {
    super(NetworkPolicy.class);
    this.settings = settings;
  }

  @Override
  protected NetworkPolicy desired(McpTool tool, Context<McpTool> context) {
    return WorkerNetworkPolicy.build(WorkerSpec.of(tool), settings);
  }
}
