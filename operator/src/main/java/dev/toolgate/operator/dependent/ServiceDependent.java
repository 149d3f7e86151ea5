package dev.toolgate.operator.dependent;

import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.operator.model.WorkerLabels;
import dev.toolgate.operator.model.WorkerService;
import dev.toolgate.operator.model.WorkerSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

@KubernetesDependent(informer = @Informer(labelSelector = WorkerLabels.MANAGED_SELECTOR))
public class ServiceDependent extends WorkerDependent<Service> {

  public ServiceDependent() {
    super(Service.class);
  }

  @Override
  protected Service desired(McpTool tool, Context<McpTool> context) {
    return WorkerService.build(WorkerSpec.of(tool));
  }
}
