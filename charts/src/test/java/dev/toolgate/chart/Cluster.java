package dev.toolgate.chart;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real kube-apiserver as the chart's tests use it: admin, ServiceAccount tokens, processes. */
final class Cluster implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(60);
  static final ResourceDefinitionContext MCPTOOLS =
      new ResourceDefinitionContext.Builder()
          .withGroup("toolgate.dev")
          .withVersion("v1alpha1")
          .withKind("McpTool")
          .withPlural("mcptools")
          .withNamespaced(true)
          .build();

  final String kubeconfig;
  final KubernetesClient admin;
  private final List<Process> processes = new java.util.ArrayList<>();

  Cluster(String kubeconfig) {
    this.kubeconfig = kubeconfig;
    this.admin =
        new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
  }

  void namespace(String name) {
    admin
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .fieldManager("kubectl")
        .serverSideApply();
  }

  /** What Helm does with crds/ and then the templates, as server-side apply (as Argo CD can). */
  HasMetadata apply(HasMetadata object) {
    HasMetadata applied =
        admin.resource(object).fieldManager("helm").forceConflicts().serverSideApply();
    if (object instanceof CustomResourceDefinition crd) {
      admin
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(crd.getMetadata().getName())
          .waitUntilCondition(
              c ->
                  c != null
                      && c.getStatus() != null
                      && c.getStatus().getConditions() != null
                      && c.getStatus().getConditions().stream()
                          .anyMatch(
                              x ->
                                  "Established".equals(x.getType())
                                      && "True".equals(x.getStatus())),
              30,
              TimeUnit.SECONDS);
    }
    return applied;
  }

  /**
   * The Secret the chart's pre-install hook makes (one EC P-256 key, here from the real openssl):
   * Helm runs hooks on install, but {@code helm template} leaves them out, so tests that apply the
   * rendered objects make it as the hook would.
   */
  void identityKeysAsTheInstallHookMakes(String namespace)
      throws IOException, InterruptedException {
    Process openssl =
        new ProcessBuilder(
                "openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    byte[] pem = openssl.getInputStream().readAllBytes();
    if (openssl.waitFor() != 0) {
      throw new IllegalStateException("openssl genpkey failed");
    }
    admin
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName("toolgate-identity-keys")
                .withNamespace(namespace)
                .endMetadata()
                .addToData("keys.pem", java.util.Base64.getEncoder().encodeToString(pem))
                .build())
        .fieldManager("helm")
        .forceConflicts()
        .serverSideApply();
  }

  /** A real ServiceAccount token (TokenRequest API), as the kubelet mounts it into the pod. */
  String token(String namespace, String serviceAccount) {
    return admin
        .serviceAccounts()
        .inNamespace(namespace)
        .withName(serviceAccount)
        .tokenRequest(
            new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
        .getStatus()
        .getToken();
  }

  /** A kubeconfig that authenticates with a ServiceAccount's token and nothing else. */
  String kubeconfigFor(String namespace, String serviceAccount) {
    @SuppressWarnings("unchecked")
    Map<String, Object> parsed = Serialization.unmarshal(kubeconfig, Map.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> cluster =
        (Map<String, Object>) ((List<Map<String, Object>>) parsed.get("clusters")).getFirst();
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("apiVersion", "v1");
    config.put("kind", "Config");
    config.put("clusters", List.of(Map.of("name", "it", "cluster", cluster.get("cluster"))));
    config.put(
        "users",
        List.of(
            Map.of(
                "name",
                serviceAccount,
                "user",
                Map.of("token", token(namespace, serviceAccount)))));
    config.put(
        "contexts",
        List.of(
            Map.of(
                "name",
                "it",
                "context",
                Map.of("cluster", "it", "user", serviceAccount, "namespace", namespace))));
    config.put("current-context", "it");
    return Serialization.asYaml(config);
  }

  KubernetesClient clientAs(String namespace, String serviceAccount) {
    return new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(kubeconfigFor(namespace, serviceAccount)))
        .build();
  }

  /** Asks the API server's authorizer whether a ServiceAccount may do something. */
  boolean allowed(
      String saNamespace,
      String sa,
      String verb,
      String group,
      String resource,
      String namespace,
      String name) {
    SubjectAccessReview review =
        admin
            .authorization()
            .v1()
            .subjectAccessReview()
            .create(
                new SubjectAccessReviewBuilder()
                    .withNewSpec()
                    .withUser("system:serviceaccount:" + saNamespace + ":" + sa)
                    .withGroups(
                        "system:serviceaccounts",
                        "system:serviceaccounts:" + saNamespace,
                        "system:authenticated")
                    .withNewResourceAttributes()
                    .withVerb(verb)
                    .withGroup(group)
                    .withResource(resource.contains("/") ? resource.split("/")[0] : resource)
                    .withSubresource(resource.contains("/") ? resource.split("/")[1] : null)
                    .withNamespace(namespace)
                    .withName(name)
                    .endResourceAttributes()
                    .endSpec()
                    .build());
    return review.getStatus().getAllowed();
  }

  /**
   * Runs a packaged jar as the container would: the Deployment's environment (downward API fields
   * resolved), its Secret volumes, with the given overrides and a kubeconfig in place of the
   * mounted token.
   */
  Process run(
      Path jar,
      Deployment deployment,
      String kubeconfigYaml,
      Map<String, String> overrides,
      Path log)
      throws IOException {
    Files.createDirectories(log.getParent());
    Path config = log.resolveSibling(log.getFileName() + ".kubeconfig");
    Files.writeString(config, kubeconfigYaml);
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("TOOLGATE_"));
    for (EnvVar var :
        deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv()) {
      if (var.getValue() != null) {
        env.put(var.getName(), var.getValue());
      } else {
        String field = var.getValueFrom().getFieldRef().getFieldPath();
        env.put(
            var.getName(),
            switch (field) {
              case "metadata.namespace" -> deployment.getMetadata().getNamespace();
              case "metadata.name" -> deployment.getMetadata().getName() + "-0";
              default -> throw new IllegalArgumentException(field);
            });
      }
    }
    // A pod has its ports and volumes to itself; processes on one test machine do not: each gets
    // free admin and JWKS ports and an audit spool of its own instead of the pod's.
    env.computeIfPresent("TOOLGATE_ADMIN_PORT", (k, v) -> "0");
    env.computeIfPresent("TOOLGATE_JWKS_PORT", (k, v) -> "0");
    env.computeIfPresent(
        "TOOLGATE_AUDIT_DIR",
        (k, v) -> log.resolveSibling(log.getFileName() + ".audit").toString());
    mountSecrets(deployment, log.resolveSibling(log.getFileName() + ".volumes"), env);
    env.putAll(overrides);
    env.put("KUBECONFIG", config.toAbsolutePath().toString());
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  /**
   * What the kubelet does for the pod's Secret volumes: each Secret, read from the API server, is
   * written under {@code dir} with its items and mode, and every variable that names a file under
   * the mount path is pointed there instead.
   */
  private void mountSecrets(Deployment deployment, Path dir, Map<String, String> env)
      throws IOException {
    io.fabric8.kubernetes.api.model.PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    for (io.fabric8.kubernetes.api.model.VolumeMount mount :
        pod.getContainers().getFirst().getVolumeMounts()) {
      io.fabric8.kubernetes.api.model.Volume volume =
          pod.getVolumes().stream()
              .filter(v -> v.getName().equals(mount.getName()))
              .findFirst()
              .orElseThrow();
      if (volume.getSecret() == null) {
        continue;
      }
      io.fabric8.kubernetes.api.model.Secret secret =
          admin
              .secrets()
              .inNamespace(deployment.getMetadata().getNamespace())
              .withName(volume.getSecret().getSecretName())
              .get();
      if (secret == null) {
        continue; // as a pod whose Secret is missing: its files are not there
      }
      Path target = Files.createDirectories(dir.resolve(volume.getName()));
      Map<String, String> paths = new LinkedHashMap<>();
      if (volume.getSecret().getItems() == null || volume.getSecret().getItems().isEmpty()) {
        secret.getData().keySet().forEach(key -> paths.put(key, key));
      } else {
        volume.getSecret().getItems().forEach(item -> paths.put(item.getKey(), item.getPath()));
      }
      for (Map.Entry<String, String> path : paths.entrySet()) {
        String data = secret.getData().get(path.getKey());
        if (data != null) {
          Files.write(target.resolve(path.getValue()), java.util.Base64.getDecoder().decode(data));
        }
      }
      String prefix = mount.getMountPath() + "/";
      env.replaceAll(
          (k, v) ->
              v.startsWith(prefix) ? target.resolve(v.substring(prefix.length())).toString() : v);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  GenericKubernetesResource tool(String namespace, String name) {
    return admin.genericKubernetesResources(MCPTOOLS).inNamespace(namespace).withName(name).get();
  }

  /** Waits until an McpTool's condition has the status; on timeout shows the last status. */
  void awaitToolCondition(String namespace, String name, String type, String status) {
    try {
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> condition(tool(namespace, name), type),
              c -> c != null && status.equals(c.getStatus()));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      GenericKubernetesResource last = tool(namespace, name);
      throw new AssertionError(
          "McpTool "
              + namespace
              + "/"
              + name
              + " never had "
              + type
              + "="
              + status
              + "; status is\n"
              + (last == null ? "(none)" : Serialization.asYaml(last.get("status"))),
          e);
    }
  }

  static Condition condition(GenericKubernetesResource tool, String type) {
    if (tool == null || tool.get("status") == null) {
      return null;
    }
    dev.toolgate.api.v1alpha1.McpTool typed =
        Serialization.unmarshal(
            Serialization.asJson(tool), dev.toolgate.api.v1alpha1.McpTool.class);
    List<Condition> conditions = typed.getStatus().getConditions();
    return conditions == null
        ? null
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  /** Plays the Deployment controller, which kube-api-test does not run: all pods up to date. */
  void markRolledOut(String namespace, String name) {
    admin
        .apps()
        .deployments()
        .inNamespace(namespace)
        .withName(name)
        .editStatus(
            d -> {
              int replicas = d.getSpec().getReplicas();
              d.setStatus(
                  new DeploymentStatusBuilder()
                      .withObservedGeneration(d.getMetadata().getGeneration())
                      .withReplicas(replicas)
                      .withUpdatedReplicas(replicas)
                      .withReadyReplicas(replicas)
                      .withAvailableReplicas(replicas)
                      .build());
              return d;
            });
  }

  @Override
  public void close() throws InterruptedException {
    for (Process process : processes) {
      process.destroy();
    }
    for (Process process : processes) {
      process.waitFor(20, TimeUnit.SECONDS);
    }
    admin.close();
  }
}
