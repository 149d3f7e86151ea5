package dev.toolgate.operator.dependent;

import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.operator.model.WorkerSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Worker objects exist only for McpTools with an image; a remote McpTool has none, and switching to
 * remote deletes them.
 */
public class RunsWorker implements Condition<HasMetadata, McpTool> {

  @Override
  public boolean isMet(
      DependentResource<HasMetadata, McpTool> dependentResource,
      McpTool tool,
      Context<McpTool> context) {
    return WorkerSpec.runsWorker(tool);
  }
}
