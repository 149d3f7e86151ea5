package dev.toolgate.operator.it;

import static dev.toolgate.operator.it.Cluster.condition;
import static dev.toolgate.operator.it.Cluster.toolCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.operator.model.WorkerDeployment;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * WorkloadReady reads the worker pods. kube-api-test runs no kubelet or scheduler, so the tests
 * create pods from the worker Deployment's template and write their status through the status
 * subresource, as the kubelet and scheduler would.
 */
class WorkerPodsIT extends OperatorOnApiServer {

  private static final String IMAGE = "registry.example/billing-mcp:1.4.2";

  /** An McpTool whose Deployment exists, and one pod of it as the ReplicaSet would create it. */
  private static Pod workerPod(String namespace) {
    ApiServer.namespace(admin, namespace, Map.of());
    cluster.apply(
        """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpTool
        metadata: {name: billing, namespace: %s}
        spec:
          toolPrefix: %s
          image: %s
          tools: [{name: get_invoice}]
        """
            .formatted(namespace, namespace, IMAGE),
        McpTool.class);
    Deployment deployment = cluster.awaitDeployment(namespace, "billing");
    return admin
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("billing-7d9f-x2x4q")
                .withNamespace(namespace)
                .withLabels(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .endMetadata()
                .withSpec(deployment.getSpec().getTemplate().getSpec())
                .build())
        .create();
  }

  /** Plays the kubelet: writes the pod's status. */
  private static void kubelet(Pod pod, UnaryOperator<PodStatusBuilder> status) {
    admin
        .pods()
        .inNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getMetadata().getName())
        .editStatus(
            p -> {
              p.setStatus(status.apply(new PodStatusBuilder().withPhase("Pending")).build());
              return p;
            });
  }

  private static ContainerStatusBuilder container() {
    return new ContainerStatusBuilder()
        .withName(WorkerDeployment.CONTAINER_NAME)
        .withImage(IMAGE)
        .withImageID("")
        .withRestartCount(0)
        .withReady(false);
  }

  private static PodStatus waiting(String reason, String message) {
    return new PodStatusBuilder()
        .withPhase("Pending")
        .addToContainerStatuses(
            container()
                .withNewState()
                .withNewWaiting()
                .withReason(reason)
                .withMessage(message)
                .endWaiting()
                .endState()
                .build())
        .build();
  }

  private static Condition awaitWorkload(String namespace, String reason) {
    McpTool tool =
        cluster.awaitTool(namespace, "billing", toolCondition("WorkloadReady", "False", reason));
    Condition ready = condition(tool.getStatus().getConditions(), "Ready").orElseThrow();
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo(reason);
    return condition(tool.getStatus().getConditions(), "WorkloadReady").orElseThrow();
  }

  private static List<Event> awaitEvent(String namespace, String reason) {
    return await()
        .atMost(Cluster.WAIT)
        .until(
            () -> admin.events().v1().events().inNamespace(namespace).list().getItems(),
            events -> events.stream().anyMatch(e -> reason.equals(e.getReason())));
  }

  @Test
  void aWrongImageIsImagePullFailedNotRollingOutForever() {
    Pod pod = workerPod("pull");
    cluster.awaitTool("pull", "billing", toolCondition("WorkloadReady", "False", "RollingOut"));
    kubelet(
        pod,
        s ->
            new PodStatusBuilder(
                waiting(
                    "ImagePullBackOff", "Back-off pulling image \"" + IMAGE + "\": not found")));
    Condition workload = awaitWorkload("pull", "ImagePullFailed");
    assertThat(workload.getMessage())
        .contains("pod billing-7d9f-x2x4q: container mcp-server cannot pull image " + IMAGE)
        .contains("ImagePullBackOff")
        .contains("not found");
    awaitEvent("pull", "ImagePullFailed");

    kubelet(pod, s -> new PodStatusBuilder(waiting("ErrImagePull", "manifest unknown")));
    cluster.awaitTool(
        "pull",
        "billing",
        t ->
            condition(t.getStatus().getConditions(), "WorkloadReady")
                .filter(c -> c.getMessage().endsWith("(ErrImagePull): manifest unknown"))
                .isPresent());
  }

  @Test
  void aCrashLoopShowsTheLastTerminationMessageCutShort() {
    Pod pod = workerPod("crash");
    String longMessage = "panic: cannot connect to database at 10.20.0.5:5432\n" + "x".repeat(2000);
    kubelet(
        pod,
        s ->
            s.addToContainerStatuses(
                container()
                    .withRestartCount(4)
                    .withNewState()
                    .withNewWaiting()
                    .withReason("CrashLoopBackOff")
                    .withMessage("back-off 40s restarting failed container")
                    .endWaiting()
                    .endState()
                    .withNewLastState()
                    .withNewTerminated()
                    .withExitCode(2)
                    .withReason("Error")
                    .withMessage(longMessage)
                    .endTerminated()
                    .endLastState()
                    .build()));
    Condition workload = awaitWorkload("crash", "CrashLoopBackOff");
    assertThat(workload.getMessage())
        .contains("container mcp-server keeps exiting: last exit code 2 (Error)")
        .contains("panic: cannot connect to database at 10.20.0.5:5432 xxx")
        .doesNotContain("\n")
        .hasSizeLessThan(600);
    awaitEvent("crash", "CrashLoopBackOff");
  }

  @Test
  void anOutOfMemoryKillIsOomKilled() {
    Pod pod = workerPod("oom");
    kubelet(
        pod,
        s ->
            s.addToContainerStatuses(
                container()
                    .withRestartCount(1)
                    .withNewState()
                    .withNewWaiting()
                    .withReason("CrashLoopBackOff")
                    .endWaiting()
                    .endState()
                    .withNewLastState()
                    .withNewTerminated()
                    .withExitCode(137)
                    .withReason("OOMKilled")
                    .endTerminated()
                    .endLastState()
                    .build()));
    assertThat(awaitWorkload("oom", "OOMKilled").getMessage())
        .contains("killed for using more memory than its limit");
  }

  @Test
  void aPodNoNodeCanTakeIsUnschedulable() {
    Pod pod = workerPod("unschedulable");
    kubelet(
        pod,
        s ->
            s.addNewCondition()
                .withType("PodScheduled")
                .withStatus("False")
                .withReason("Unschedulable")
                .withMessage(
                    "0/3 nodes are available: 3 node(s) didn't match runtime class gvisor.")
                .endCondition());
    assertThat(awaitWorkload("unschedulable", "Unschedulable").getMessage())
        .contains("pod billing-7d9f-x2x4q cannot be scheduled: 0/3 nodes are available");
  }

  @Test
  void aRunningPodThatFailsItsReadinessProbeIsReadinessFailingAndRecoversWhenReady() {
    Pod pod = workerPod("readiness");
    kubelet(
        pod,
        s ->
            s.withPhase("Running")
                .addToContainerStatuses(
                    container()
                        .withNewState()
                        .withNewRunning()
                        .withStartedAt("2026-01-01T00:00:00Z")
                        .endRunning()
                        .endState()
                        .build()));
    assertThat(awaitWorkload("readiness", "ReadinessFailing").getMessage())
        .contains("container mcp-server is running but not ready");

    kubelet(
        pod,
        s ->
            s.withPhase("Running")
                .addToContainerStatuses(
                    container()
                        .withReady(true)
                        .withNewState()
                        .withNewRunning()
                        .withStartedAt("2026-01-01T00:00:00Z")
                        .endRunning()
                        .endState()
                        .build()));
    cluster.awaitTool(
        "readiness", "billing", toolCondition("WorkloadReady", "False", "RollingOut"));
    cluster.markRolledOut("readiness", "billing");
    cluster.awaitTool(
        "readiness", "billing", toolCondition("WorkloadReady", "True", "PodsAvailable"));
  }
}
