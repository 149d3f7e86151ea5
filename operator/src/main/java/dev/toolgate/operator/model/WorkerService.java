package dev.toolgate.operator.model;

import dev.toolgate.api.ToolgateNames;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

/** The ClusterIP Service the gateway calls; its name is what the compiler puts in worker URLs. */
public final class WorkerService {

  private WorkerService() {}

  public static Service build(WorkerSpec worker) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(ToolgateNames.workerName(worker.name()))
        .withNamespace(worker.namespace())
        .withLabels(WorkerLabels.forWorker(worker.name()))
        .endMetadata()
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(WorkerLabels.workerSelector(worker.name()))
        .addNewPort()
        .withName(WorkerDeployment.PORT_NAME)
        .withProtocol("TCP")
        .withPort(worker.port())
        .withTargetPort(new IntOrString(WorkerDeployment.PORT_NAME))
        .endPort()
        .endSpec()
        .build();
  }
}
