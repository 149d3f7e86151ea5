package dev.toolgate.operator.dependent;

import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.operator.model.CiliumNetworkPolicy;
import dev.toolgate.operator.model.WorkerFqdnPolicy;
import dev.toolgate.operator.model.WorkerLabels;
import dev.toolgate.operator.model.WorkerSettings;
import dev.toolgate.operator.model.WorkerSpec;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * The CiliumNetworkPolicy for host egress rules. Its informer exists only while the Cilium CRD is
 * installed ({@link CiliumPresent}); without it the McpTool reports the hosts as not enforced.
 */
@KubernetesDependent(informer = @Informer(labelSelector = WorkerLabels.MANAGED_SELECTOR))
public class FqdnPolicyDependent extends WorkerDependent<CiliumNetworkPolicy> {

  private final WorkerSettings settings;
  private final CiliumSupport cilium;

  public FqdnPolicyDependent(WorkerSettings settings, CiliumSupport cilium) {
    super(CiliumNetworkPolicy.class);
    this.settings = settings;
    this.cilium = cilium;
  }

  CiliumSupport cilium() {
    return cilium;
  }

  @Override
  protected CiliumNetworkPolicy desired(McpTool tool, Context<McpTool> context) {
    return WorkerFqdnPolicy.build(WorkerSpec.of(tool), settings);
  }
}
