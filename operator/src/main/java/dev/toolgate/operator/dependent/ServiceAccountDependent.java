package dev.toolgate.operator.dependent;

import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.operator.model.WorkerLabels;
import dev.toolgate.operator.model.WorkerServiceAccount;
import dev.toolgate.operator.model.WorkerSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

@KubernetesDependent(informer = @Informer(labelSelector = WorkerLabels.MANAGED_SELECTOR))
public class ServiceAccountDependent extends WorkerDependent<ServiceAccount> {

  public ServiceAccountDependent() {
    super(ServiceAccount.class);
  }

  @Override
  protected ServiceAccount desired(McpTool tool, Context<McpTool> context) {
    return WorkerServiceAccount.build(WorkerSpec.of(tool));
  }
}
