package dev.toolgate.operator.model;

import dev.toolgate.api.ToolgateNames;
import dev.toolgate.api.v1alpha1.WritablePath;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The worker Deployment, hardened to the "restricted" Pod Security Standard whatever the spec says:
 * non-root, read-only root filesystem (with an emptyDir per declared writable path), no privilege
 * escalation, no capabilities, the runtime's default seccomp profile, no API token.
 */
public final class WorkerDeployment {

  public static final String CONTAINER_NAME = "mcp-server";
  public static final String PORT_NAME = "mcp";

  /**
   * The unprivileged user workers run as unless their image says otherwise at the pod level. A
   * fixed non-root id lets images built with a root USER still start under runAsNonRoot.
   */
  public static final long WORKER_UID = 65532L;

  /** Where a worker that asked for it ({@code sandbox.gatewayJwks}) fetches the gateway's keys. */
  public static final String JWKS_URL_ENV = "TOOLGATE_IDENTITY_JWKS_URL";

  private WorkerDeployment() {}

  /**
   * @param settings where the gateway's JWKS is, or {@code null} when it serves none to workers
   */
  public static Deployment build(WorkerSpec worker, WorkerSettings settings) {
    Map<String, String> labels = WorkerLabels.forWorker(worker.name());
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(ToolgateNames.workerName(worker.name()))
        .withNamespace(worker.namespace())
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withReplicas(worker.replicas())
        .withNewSelector()
        .withMatchLabels(WorkerLabels.workerSelector(worker.name()))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .withAnnotations(Map.of(ToolgateNames.CONFIG_HASH_ANNOTATION, WorkerConfigHash.of(worker)))
        .endMetadata()
        .withSpec(podSpec(worker, jwksUrl(worker, settings)))
        .endTemplate()
        .endSpec()
        .build();
  }

  /** The JWKS URL the worker is given: only when it asked and the gateway serves one. */
  private static String jwksUrl(WorkerSpec worker, WorkerSettings settings) {
    return worker.gatewayJwks() && settings != null && settings.gatewayJwks() != null
        ? settings.gatewayJwks().url()
        : null;
  }

  private static PodSpec podSpec(WorkerSpec worker, String jwksUrl) {
    PodSpecBuilder pod =
        new PodSpecBuilder()
            .withServiceAccountName(worker.name())
            .withAutomountServiceAccountToken(false)
            // Service links would put every Service of the namespace into the server's env.
            .withEnableServiceLinks(false)
            .withSecurityContext(
                new PodSecurityContextBuilder()
                    .withRunAsNonRoot(true)
                    .withRunAsUser(WORKER_UID)
                    .withRunAsGroup(WORKER_UID)
                    .withFsGroup(WORKER_UID)
                    .withNewSeccompProfile()
                    .withType("RuntimeDefault")
                    .endSeccompProfile()
                    .build())
            .withContainers(container(worker, jwksUrl));
    if (worker.runtimeClassName() != null) {
      pod.withRuntimeClassName(worker.runtimeClassName());
    }
    List<Volume> volumes = volumes(worker.writablePaths());
    if (!volumes.isEmpty()) {
      pod.withVolumes(volumes);
    }
    return pod.build();
  }

  private static Container container(WorkerSpec worker, String jwksUrl) {
    ContainerBuilder container =
        new ContainerBuilder()
            .withName(CONTAINER_NAME)
            .withImage(worker.image())
            .addNewPort()
            .withName(PORT_NAME)
            .withContainerPort(worker.port())
            .withProtocol("TCP")
            .endPort()
            .withResources(worker.resources())
            .withSecurityContext(
                new SecurityContextBuilder()
                    .withAllowPrivilegeEscalation(false)
                    .withReadOnlyRootFilesystem(true)
                    .withRunAsNonRoot(true)
                    .withNewCapabilities()
                    .withDrop("ALL")
                    .endCapabilities()
                    .withNewSeccompProfile()
                    .withType("RuntimeDefault")
                    .endSeccompProfile()
                    .build())
            // The gateway routes to Ready pods only; an open MCP port is the one signal every
            // MCP server gives without knowing about Toolgate.
            .withNewReadinessProbe()
            .withNewTcpSocket()
            .withPort(new IntOrString(PORT_NAME))
            .endTcpSocket()
            .endReadinessProbe();
    List<EnvVar> env = new ArrayList<>(worker.env());
    if (jwksUrl != null && env.stream().noneMatch(e -> e.getName().equals(JWKS_URL_ENV))) {
      env.add(new EnvVar(JWKS_URL_ENV, jwksUrl, null));
    }
    if (!env.isEmpty()) {
      container.withEnv(env);
    }
    List<VolumeMount> mounts = mounts(worker.writablePaths());
    if (!mounts.isEmpty()) {
      container.withVolumeMounts(mounts);
    }
    return container.build();
  }

  /** The volume of the i-th writable path. */
  public static String writableVolumeName(int index) {
    return "writable-" + index;
  }

  private static List<Volume> volumes(List<WritablePath> paths) {
    List<Volume> volumes = new ArrayList<>();
    for (int i = 0; i < paths.size(); i++) {
      volumes.add(
          new VolumeBuilder()
              .withName(writableVolumeName(i))
              .withNewEmptyDir()
              .withSizeLimit(paths.get(i).getSizeLimit())
              .endEmptyDir()
              .build());
    }
    return volumes;
  }

  private static List<VolumeMount> mounts(List<WritablePath> paths) {
    List<VolumeMount> mounts = new ArrayList<>();
    for (int i = 0; i < paths.size(); i++) {
      mounts.add(
          new VolumeMountBuilder()
              .withName(writableVolumeName(i))
              .withMountPath(paths.get(i).getPath())
              .build());
    }
    return mounts;
  }
}
