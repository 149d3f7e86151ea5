package dev.toolgate.operator.dependent;

import dev.toolgate.api.v1alpha1.McpTool;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.List;

/**
 * What every worker object has in common: it is named after its McpTool, and the McpTool is its
 * controlling owner, so the garbage collector removes it with the tool and {@code kubectl} shows
 * who manages it.
 */
abstract class WorkerDependent<R extends HasMetadata>
    extends CRUDKubernetesDependentResource<R, McpTool> {

  WorkerDependent(Class<R> type) {
    super(type);
  }

  /**
   * The object's id without building it: a tool that turned remote has no desired worker, yet JOSDK
   * must find the old object to delete it.
   */
  @Override
  protected ResourceID targetSecondaryResourceID(McpTool tool, Context<McpTool> context) {
    return new ResourceID(tool.getMetadata().getName(), tool.getMetadata().getNamespace());
  }

  /** JOSDK's owner reference leaves out controller and blockOwnerDeletion; ours sets both. */
  @Override
  protected void addReferenceHandlingMetadata(R desired, McpTool tool) {
    desired
        .getMetadata()
        .setOwnerReferences(
            List.of(
                new OwnerReferenceBuilder()
                    .withApiVersion(tool.getApiVersion())
                    .withKind(tool.getKind())
                    .withName(tool.getMetadata().getName())
                    .withUid(tool.getMetadata().getUid())
                    .withController(true)
                    .withBlockOwnerDeletion(true)
                    .build()));
  }
}
