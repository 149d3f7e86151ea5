package dev.toolgate.operator.dependent;

import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.operator.model.WorkerDeployment;
import dev.toolgate.operator.model.WorkerLabels;
import dev.toolgate.operator.model.WorkerSettings;
import dev.toolgate.operator.model.WorkerSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

@KubernetesDependent(informer = @Informer(labelSelector = WorkerLabels.MANAGED_SELECTOR))
public class DeploymentDependent extends WorkerDependent<Deployment> {

  private final WorkerSettings settings;

  public DeploymentDependent(WorkerSettings settings) {
    super(Deployment.class);
    this.settings = settings;
  }

  @Override
  protected Deployment desired(McpTool tool, Context<McpTool> context) {
    return WorkerDeployment.build(WorkerSpec.of(tool), settings);
  }
}
