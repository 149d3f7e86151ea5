package dev.toolgate.operator.dependent;

import dev.toolgate.api.v1alpha1.McpTool;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Activates the FQDN policy dependent, and so its informer, only when the Cilium CRD exists. The
 * answer comes from the dependent's own {@link CiliumSupport}, which the McpTool reconciler shares
 * to report unenforced hosts.
 */
public class CiliumPresent implements Condition<GenericKubernetesResource, McpTool> {

  @Override
  public boolean isMet(
      DependentResource<GenericKubernetesResource, McpTool> dependentResource,
      McpTool tool,
      Context<McpTool> context) {
    return ((FqdnPolicyDependent) dependentResource).cilium().isPresent(context.getClient());
  }
}
