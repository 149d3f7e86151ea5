package dev.toolgate.operator.dependent;

import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.operator.model.CiliumNetworkPolicy;
import dev.toolgate.operator.model.WorkerSpec;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** The FQDN policy exists only while the worker declares egress to DNS hosts. */
public class HasHostEgress implements Condition<CiliumNetworkPolicy, McpTool> {

  @Override
  public boolean isMet(
      DependentResource<CiliumNetworkPolicy, McpTool> dependentResource,
      McpTool tool,
      Context<McpTool> context) {
    return WorkerSpec.hasHostEgress(tool);
  }
}
