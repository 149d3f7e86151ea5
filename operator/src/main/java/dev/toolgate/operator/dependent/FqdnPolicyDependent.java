package dev.toolgate.operator.dependent;

import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.operator.model.WorkerFqdnPolicy;
import dev.toolgate.operator.model.WorkerLabels;
import dev.toolgate.operator.model.WorkerSettings;
import dev.toolgate.operator.model.WorkerSpec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.GenericKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.GroupVersionKindPlural;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * The CiliumNetworkPolicy for host egress rules. Its informer exists only while the Cilium CRD is
 * installed ({@link CiliumPresent}); without it the McpTool reports the hosts as not enforced.
 */
@KubernetesDependent(informer = @Informer(labelSelector = WorkerLabels.MANAGED_SELECTOR))
public class FqdnPolicyDependent extends GenericKubernetesDependentResource<McpTool>
    implements Creator<GenericKubernetesResource, McpTool>,
        Updater<GenericKubernetesResource, McpTool>,
        GarbageCollected<McpTool> {

  public static final GroupVersionKindPlural GVK =
      GroupVersionKindPlural.gvkWithPlural(
          new GroupVersionKind(
              WorkerFqdnPolicy.GROUP, WorkerFqdnPolicy.VERSION, WorkerFqdnPolicy.KIND),
          WorkerFqdnPolicy.PLURAL);

  private final WorkerSettings settings;
  private final CiliumSupport cilium;

  public FqdnPolicyDependent(WorkerSettings settings, CiliumSupport cilium) {
    super(GVK);
    this.settings = settings;
    this.cilium = cilium;
  }

  CiliumSupport cilium() {
    return cilium;
  }

  @Override
  protected GenericKubernetesResource desired(McpTool tool, Context<McpTool> context) {
    return WorkerFqdnPolicy.build(WorkerSpec.of(tool), settings);
  }
}
