package dev.toolgate.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodProblemTest {

  private static Pod waiting(String name, String reason) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewStatus()
        .addToContainerStatuses(
            new ContainerStatusBuilder()
                .withName("mcp-server")
                .withImage("img")
                .withNewState()
                .withNewWaiting()
                .withReason(reason)
                .endWaiting()
                .endState()
                .build())
        .endStatus()
        .build();
  }

  @Test
  void theMostSevereProblemWinsAndCountsThePodsThatShareIt() {
    PodProblem worst =
        PodProblem.worst(
                List.of(
                    waiting("a", "ErrImagePull"),
                    waiting("b", "CrashLoopBackOff"),
                    waiting("c", "CrashLoopBackOff")))
            .orElseThrow();
    assertThat(worst.reason()).isEqualTo("CrashLoopBackOff");
    assertThat(worst.message())
        .isEqualTo("pod b: container mcp-server keeps exiting (and 1 more pod)");
  }

  @Test
  void healthyAndTerminatingPodsAreNoProblem() {
    Pod terminating = waiting("d", "CrashLoopBackOff");
    terminating.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
    Pod fresh = new PodBuilder().withNewMetadata().withName("e").endMetadata().build();
    assertThat(PodProblem.worst(List.of(terminating, fresh))).isEmpty();
  }

  @Test
  void aMissingSecretIsContainerConfigError() {
    assertThat(PodProblem.worst(List.of(waiting("f", "CreateContainerConfigError"))))
        .map(PodProblem::reason)
        .contains("ContainerConfigError");
  }
}
