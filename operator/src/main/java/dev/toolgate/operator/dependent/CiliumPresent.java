package dev.toolgate.operator.dependent;

import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.operator.model.CiliumNetworkPolicy;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Activates the FQDN policy dependent, and so its informer, only when the Cilium CRD exists. The
 * answer comes from the dependent's own {@link CiliumSupport}, which the McpTool reconciler shares
 * to report unenforced hosts.
 */
public class CiliumPresent implements Condition<CiliumNetworkPolicy, McpTool> {

  @Override
  public boolean isMet(
      DependentResource<CiliumNetworkPolicy, McpTool> dependentResource,
      McpTool tool,
      Context<McpTool> context) {
    return ((FqdnPolicyDependent) dependentResource).cilium().isPresent(context.getClient());
  }
}
