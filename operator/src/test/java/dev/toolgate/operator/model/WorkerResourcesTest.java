package dev.toolgate.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import org.junit.jupiter.api.Test;

class WorkerResourcesTest {

  @Test
  void defaultsWhenNothingIsSet() {
    ResourceRequirements merged = WorkerResources.merge(null);
    assertThat(merged.getRequests())
        .containsEntry("cpu", new Quantity("50m"))
        .containsEntry("memory", new Quantity("64Mi"));
    assertThat(merged.getLimits())
        .containsEntry("cpu", new Quantity("500m"))
        .containsEntry("memory", new Quantity("256Mi"));
  }

  @Test
  void theUsersValuesWinKeyByKey() {
    ResourceRequirements merged =
        WorkerResources.merge(
            new ResourceRequirementsBuilder().addToLimits("cpu", new Quantity("2")).build());
    assertThat(merged.getLimits())
        .containsEntry("cpu", new Quantity("2"))
        .containsEntry("memory", new Quantity("256Mi"));
    assertThat(merged.getRequests()).containsEntry("cpu", new Quantity("50m"));
  }

  @Test
  void aDefaultLimitBelowTheUsersRequestRisesToIt() {
    ResourceRequirements merged =
        WorkerResources.merge(
            new ResourceRequirementsBuilder().addToRequests("cpu", new Quantity("1")).build());
    assertThat(merged.getLimits()).containsEntry("cpu", new Quantity("1"));
  }

  @Test
  void aDefaultRequestAboveTheUsersLimitFallsToIt() {
    ResourceRequirements merged =
        WorkerResources.merge(
            new ResourceRequirementsBuilder().addToLimits("memory", new Quantity("32Mi")).build());
    assertThat(merged.getRequests()).containsEntry("memory", new Quantity("32Mi"));
  }

  @Test
  void keepsExtendedResources() {
    ResourceRequirements merged =
        WorkerResources.merge(
            new ResourceRequirementsBuilder()
                .addToLimits("nvidia.com/gpu", new Quantity("1"))
                .build());
    assertThat(merged.getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
  }
}
