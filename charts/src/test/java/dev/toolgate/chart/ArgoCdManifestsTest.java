package dev.toolgate.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Argo CD manifests under examples/argocd point at what exists, and the health check covers the
 * states the operator tests cannot easily reach (ArgoCdHealthIT covers the rest live).
 */
class ArgoCdManifestsTest {

  static final Path DIR = Chart.REPO.resolve("examples/argocd");

  @Test
  void argoCdConfigMapCarriesTheHealthScriptUnchangedForBothKinds() throws IOException {
    ConfigMap cm =
        Serialization.unmarshal(Files.readString(DIR.resolve("argocd-cm.yaml")), ConfigMap.class);
    String script = Files.readString(ArgoCdHealth.SCRIPT);
    assertThat(cm.getData())
        .containsOnlyKeys(
            "resource.customizations.health.toolgate.dev_McpTool",
            "resource.customizations.health.toolgate.dev_McpScope")
        .allSatisfy((key, value) -> assertThat(value).isEqualTo(script));
  }

  @Test
  void chartApplicationPointsAtTheChartWithValuesItsSchemaAccepts() throws IOException {
    Map<String, Object> spec = spec("toolgate.yaml");
    @SuppressWarnings("unchecked")
    Map<String, Object> source = (Map<String, Object>) spec.get("source");
    assertThat(Chart.REPO.resolve((String) source.get("path")).resolve("Chart.yaml")).exists();
    @SuppressWarnings("unchecked")
    Map<String, Object> helm = (Map<String, Object>) source.get("helm");
    Path values = Files.createTempFile("argocd-values", ".yaml");
    Files.writeString(values, Serialization.asYaml(helm.get("valuesObject")));
    // helm template with the Application's values: the schema would reject a wrong key.
    String rendered =
        new com.marcnuri.helm.Helm(Chart.DIR)
            .template()
            .withName((String) helm.get("releaseName"))
            .withNamespace(Chart.NAMESPACE)
            .withKubeVersion(Chart.KUBE_VERSION)
            .withValuesFile(values)
            .call();
    assertThat(rendered).contains("registry.example.com/toolgate/toolgate-gateway:0.1.0");
    assertThat(Chart.parse(rendered))
        .as("no key made by the chart, which Argo CD would remake on every sync")
        .noneMatch(o -> o.getKind().equals("Secret"));
    assertThat(rendered).contains("secretName: toolgate-identity-keys");
    assertThat(syncOptions(spec)).contains("ServerSideApply=true", "CreateNamespace=true");
  }

  @Test
  void examplesApplicationSyncsExactlyTheExampleToolsAndScopes() throws IOException {
    Map<String, Object> spec = spec("examples.yaml");
    @SuppressWarnings("unchecked")
    Map<String, Object> source = (Map<String, Object>) spec.get("source");
    Path root = Chart.REPO.resolve((String) source.get("path"));
    @SuppressWarnings("unchecked")
    String include = (String) ((Map<String, Object>) source.get("directory")).get("include");
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + include);
    List<String> synced;
    try (Stream<Path> files = Files.walk(root)) {
      synced =
          files
              .filter(Files::isRegularFile)
              .map(root::relativize)
              .filter(matcher::matches)
              .map(Path::toString)
              .sorted()
              .toList();
    }
    assertThat(synced)
        .contains(
            "namespace.yaml",
            "tools/billing.yaml",
            "scopes/billing-read.yaml",
            "workers/python-invoices/mcptool.yaml",
            "workers/typescript-refunds/mcptool.yaml",
            "workers/scopes-read.yaml",
            "workers/scopes-write.yaml")
        .allMatch(
            f ->
                f.equals("namespace.yaml")
                    || f.startsWith("tools/")
                    || f.startsWith("scopes/")
                    || f.startsWith("workers/"))
        .noneMatch(f -> f.startsWith("argocd/") || f.startsWith("dev/"));
    assertThat(syncOptions(spec)).contains("ServerSideApply=true");
  }

  @Test
  void healthIsProgressingWhileCompilingAndDegradedWhenPodsStayUnavailable() {
    assertThat(
            ArgoCdHealth.of(
                    tool(
                        condition("Ready", "Unknown", "Compiling", "Routed: waiting for compile"),
                        condition("Routed", "Unknown", "Compiling", "waiting for compile")))
                .status())
        .isEqualTo("Progressing");
    ArgoCdHealth.Verdict crashing =
        ArgoCdHealth.of(
            tool(
                condition("Ready", "False", "PodsUnavailable", "WorkloadReady: 0 of 1 available"),
                condition(
                    "WorkloadReady",
                    "False",
                    "PodsUnavailable",
                    "0 of 1 available: CrashLoopBackOff")));
    assertThat(crashing.status()).isEqualTo("Degraded");
    assertThat(crashing.message())
        .isEqualTo("WorkloadReady: PodsUnavailable: 0 of 1 available: CrashLoopBackOff");
    assertThat(
            ArgoCdHealth.of(Map.of("metadata", Map.of("generation", 1), "status", Map.of()))
                .status())
        .isEqualTo("Progressing");
  }

  private static Map<String, Object> tool(Map<?, ?>... conditions) {
    return Map.of(
        "metadata", Map.of("name", "t", "generation", 3),
        "status", Map.of("observedGeneration", 3, "conditions", List.of(conditions)));
  }

  private static Map<String, Object> condition(
      String type, String status, String reason, String message) {
    return Map.of(
        "type",
        type,
        "status",
        status,
        "reason",
        reason,
        "message",
        message,
        "observedGeneration",
        3);
  }

  private static Map<String, Object> spec(String file) throws IOException {
    GenericKubernetesResource app =
        Serialization.unmarshal(
            Files.readString(DIR.resolve(file)), GenericKubernetesResource.class);
    assertThat(app.getApiVersion()).isEqualTo("argoproj.io/v1alpha1");
    assertThat(app.getKind()).isEqualTo("Application");
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) app.getAdditionalProperties().get("spec");
    return spec;
  }

  @SuppressWarnings("unchecked")
  private static List<String> syncOptions(Map<String, Object> spec) {
    return (List<String>) ((Map<String, Object>) spec.get("syncPolicy")).get("syncOptions");
  }
}
