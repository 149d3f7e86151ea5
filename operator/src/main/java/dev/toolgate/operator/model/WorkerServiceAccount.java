package dev.toolgate.operator.model;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;

/**
 * One ServiceAccount per worker, with no API token mounted: a worker has no business with the
 * Kubernetes API, and a stolen token should not exist to be stolen.
 */
public final class WorkerServiceAccount {

  private WorkerServiceAccount() {}

  public static ServiceAccount build(WorkerSpec worker) {
    return new ServiceAccountBuilder()
        .withNewMetadata()
        .withName(worker.name())
        .withNamespace(worker.namespace())
        .withLabels(WorkerLabels.forWorker(worker.name()))
        .endMetadata()
        .withAutomountServiceAccountToken(false)
        .build();
  }
}
