package dev.toolgate.operator.it;

import dev.toolgate.api.CrdInstaller;
import dev.toolgate.api.ToolgateNames;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Setting up a fresh kube-apiserver the way a cluster admin (or the Helm chart) would: the
 * committed CRDs, the operator's namespace, the operator's and the gateway's RBAC, and the
 * McpGateway. The operator itself then runs as its ServiceAccount.
 */
final class ApiServer {

  static final String OPERATOR_NAMESPACE = "toolgate-system";
  static final String OPERATOR_SERVICE_ACCOUNT = "toolgate-operator";
  static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  private ApiServer() {}

  static KubernetesClient admin(String kubeconfig) {
    return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
  }

  /**
   * A client that acts as the operator's ServiceAccount, so everything the operator does in a test
   * is checked against {@code operator/src/main/kubernetes/rbac.yaml}.
   */
  static KubernetesClient asOperator(String kubeconfig) {
    return asServiceAccount(kubeconfig, OPERATOR_NAMESPACE, OPERATOR_SERVICE_ACCOUNT);
  }

  /** A client that acts as a ServiceAccount, with the groups the API server gives it. */
  static KubernetesClient asServiceAccount(String kubeconfig, String namespace, String name) {
    Config config = Config.fromKubeconfig(kubeconfig);
    config.setImpersonateUsername("system:serviceaccount:" + namespace + ":" + name);
    config.setImpersonateGroups(
        "system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated");
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  static void install(KubernetesClient admin) {
    CrdInstaller.installToolgateCrds(admin, "helm", Duration.ofSeconds(30));
    namespace(admin, OPERATOR_NAMESPACE, Map.of());
    for (String rbac :
        List.of(
            "operator/src/main/kubernetes/rbac.yaml", "gateway/src/main/kubernetes/rbac.yaml")) {
      for (HasMetadata object : load(read(REPO.resolve(rbac)))) {
        admin.resource(object).fieldManager("helm").forceConflicts().serverSideApply();
      }
    }
    mcpGateway(admin);
  }

  /** The McpGateway the operator serves, with an empty spec, as the chart creates it. */
  static void mcpGateway(KubernetesClient admin) {
    mcpGateway(admin, "{}");
  }

  /** {@code kubectl apply --server-side} of the McpGateway with a spec written as YAML. */
  static void mcpGateway(KubernetesClient admin, String specYaml) {
    String yaml =
        """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpGateway
        metadata: {name: %s, namespace: %s}
        spec:
        %s"""
            .formatted(ToolgateNames.DEFAULT_MCPGATEWAY, OPERATOR_NAMESPACE, specYaml.indent(2));
    admin
        .resource(Serialization.unmarshal(yaml, GenericKubernetesResource.class))
        .fieldManager("helm")
        .forceConflicts()
        .serverSideApply();
  }

  static void applyCrd(KubernetesClient admin, String yaml) {
    CrdInstaller.apply(
        admin,
        Serialization.unmarshal(yaml, CustomResourceDefinition.class),
        "helm",
        Duration.ofSeconds(30));
  }

  static void namespace(KubernetesClient admin, String name, Map<String, String> labels) {
    admin
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .build())
        .fieldManager("kubectl")
        .forceConflicts()
        .serverSideApply();
  }

  static List<HasMetadata> load(String yaml) {
    Object parsed = Serialization.unmarshal(yaml);
    if (parsed instanceof List<?> list) {
      return list.stream().map(HasMetadata.class::cast).toList();
    }
    return List.of((HasMetadata) parsed);
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String resource(String name) {
    try (InputStream in = ApiServer.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
