package dev.toolgate.operator.status;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * What the worker Deployment says about its pods, reduced to what WorkloadReady needs.
 *
 * @param desired spec.replicas
 * @param updated pods running the current template
 * @param available pods ready long enough to serve
 * @param rolledOut the Deployment controller has seen the current template
 * @param stalled why the rollout stopped progressing, or {@code null}
 * @param podProblem the worst thing the worker pods report, or {@code null}
 */
public record WorkloadObservation(
    int desired,
    int updated,
    int available,
    boolean rolledOut,
    String stalled,
    PodProblem podProblem) {

  public WorkloadObservation(
      int desired, int updated, int available, boolean rolledOut, String stalled) {
    this(desired, updated, available, rolledOut, stalled, null);
  }

  public static WorkloadObservation of(Deployment deployment, Collection<Pod> pods) {
    return of(deployment).withPodProblem(PodProblem.worst(pods).orElse(null));
  }

  public WorkloadObservation withPodProblem(PodProblem problem) {
    return new WorkloadObservation(desired, updated, available, rolledOut, stalled, problem);
  }

  /** {@code true} when every wanted pod runs the current template and is available. */
  public boolean isServing() {
    return rolledOut && updated >= desired && available >= desired;
  }

  public static WorkloadObservation of(Deployment deployment) {
    DeploymentStatus status =
        deployment.getStatus() == null ? new DeploymentStatus() : deployment.getStatus();
    Long generation = deployment.getMetadata().getGeneration();
    Long observed = status.getObservedGeneration();
    boolean rolledOut = generation == null || (observed != null && observed >= generation);
    String stalled =
        Optional.ofNullable(status.getConditions()).stream()
            .flatMap(java.util.List::stream)
            .filter(c -> "Progressing".equals(c.getType()) && "False".equals(c.getStatus()))
            .map(DeploymentCondition::getMessage)
            .filter(Objects::nonNull)
            .findFirst()
            .orElse(null);
    return new WorkloadObservation(
        Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1),
        Objects.requireNonNullElse(status.getUpdatedReplicas(), 0),
        Objects.requireNonNullElse(status.getAvailableReplicas(), 0),
        rolledOut,
        stalled);
  }
}
