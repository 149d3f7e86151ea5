package dev.toolgate.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.api.ToolgateNames;
import dev.toolgate.operator.Fixtures;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

class WorkerDeploymentTest {

  private final Deployment deployment =
      WorkerDeployment.build(WorkerSpec.of(Fixtures.tool(Fixtures.BILLING)), null);
  private final PodSpec pod = deployment.getSpec().getTemplate().getSpec();
  private final Container container = pod.getContainers().get(0);

  @Test
  void runsTheDeclaredImageWithTheDeclaredReplicas() {
    assertThat(deployment.getMetadata().getName()).isEqualTo("billing");
    assertThat(deployment.getMetadata().getNamespace()).isEqualTo("tools");
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(container.getImage()).isEqualTo("registry.example/billing-mcp:1.4.2");
    assertThat(container.getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getContainerPort()).isEqualTo(8080);
              assertThat(p.getName()).isEqualTo("mcp");
            });
    assertThat(container.getEnv()).extracting(e -> e.getName()).containsExactly("MODE");
  }

  @Test
  void isHardenedToTheRestrictedPodSecurityStandard() {
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getSecurityContext().getCapabilities().getAdd()).isEmpty();
    assertThat(container.getSecurityContext().getPrivileged()).isNull();
  }

  @Test
  void mountsNoApiTokenAndNoServiceLinks() {
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getEnableServiceLinks()).isFalse();
    assertThat(pod.getServiceAccountName()).isEqualTo("billing");
  }

  @Test
  void givesEachWritablePathItsOwnSizedEmptyDir() {
    assertThat(pod.getVolumes())
        .extracting(v -> v.getName() + ":" + v.getEmptyDir().getSizeLimit())
        .containsExactly("writable-0:1Gi", "writable-1:256Mi");
    assertThat(container.getVolumeMounts())
        .extracting(m -> m.getName() + ":" + m.getMountPath())
        .containsExactly("writable-0:/scratch", "writable-1:/tmp");
  }

  @Test
  void usesTheRequestedRuntimeClassOnlyWhenOneIsNamed() {
    assertThat(pod.getRuntimeClassName()).isEqualTo("gvisor");
    Deployment plain =
        WorkerDeployment.build(
            WorkerSpec.of(
                Fixtures.tool(
                    """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpTool
        metadata: {name: plain}
        spec: {image: plain:1}
        """)),
            null);
    assertThat(plain.getSpec().getTemplate().getSpec().getRuntimeClassName()).isNull();
    assertThat(plain.getSpec().getTemplate().getSpec().getVolumes()).isEmpty();
    assertThat(plain.getSpec().getReplicas()).isEqualTo(1);
  }

  @Test
  void alwaysHasRequestsAndLimits() {
    assertThat(container.getResources().getRequests())
        .containsEntry("memory", new Quantity("1Gi"))
        .containsEntry("cpu", new Quantity("50m"));
    // The default 256Mi limit would be below the 1Gi request; it gives way.
    assertThat(container.getResources().getLimits())
        .containsEntry("memory", new Quantity("1Gi"))
        .containsEntry("cpu", new Quantity("500m"));
  }

  @Test
  void selectsPodsByToolAndStampsTheConfigHash() {
    assertThat(deployment.getSpec().getSelector().getMatchLabels())
        .containsExactlyInAnyOrderEntriesOf(WorkerLabels.workerSelector("billing"));
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels())
        .doesNotContainEntry(
            ToolgateNames.GATEWAY_POD_LABEL, ToolgateNames.GATEWAY_POD_LABEL_VALUE);
    assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry(
            ToolgateNames.CONFIG_HASH_ANNOTATION,
            WorkerConfigHash.of(WorkerSpec.of(Fixtures.tool(Fixtures.BILLING))));
  }

  @Test
  void aWorkerNamedLikeTheGatewayIsNotLabelledAsTheGateway() {
    Deployment impostor =
        WorkerDeployment.build(
            WorkerSpec.of(
                Fixtures.tool(
                    """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpTool
        metadata: {name: toolgate-gateway}
        spec: {image: evil:1}
        """)),
            null);
    assertThat(impostor.getSpec().getTemplate().getMetadata().getLabels())
        .doesNotContainEntry(
            ToolgateNames.GATEWAY_POD_LABEL, ToolgateNames.GATEWAY_POD_LABEL_VALUE);
  }
}
