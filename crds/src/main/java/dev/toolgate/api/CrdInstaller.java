package dev.toolgate.api;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Installs CRDs the way an admin's {@code kubectl apply --server-side} would, and waits until the
 * API server serves them. Toolgate's own CRDs come from this jar: the YAML the generator wrote,
 * which the build keeps equal to the committed copy in {@code crds/generated/}.
 */
public final class CrdInstaller {

  /** The generated CRDs inside this module's jar. */
  public static final List<String> TOOLGATE_CRDS =
      List.of(
          "META-INF/fabric8/mcptools.toolgate.dev-v1.yml",
          "META-INF/fabric8/mcpscopes.toolgate.dev-v1.yml",
          "META-INF/fabric8/mcpgateways.toolgate.dev-v1.yml");

  private CrdInstaller() {}

  /** Applies the McpTool, McpScope and McpGateway CRDs and waits until each is established. */
  public static void installToolgateCrds(
      KubernetesClient client, String fieldManager, Duration timeout) {
    for (String resource : TOOLGATE_CRDS) {
      try (InputStream yaml = CrdInstaller.class.getClassLoader().getResourceAsStream(resource)) {
        if (yaml == null) {
          throw new IllegalStateException(resource + " is not on the classpath");
        }
        apply(
            client,
            Serialization.unmarshal(yaml, CustomResourceDefinition.class),
            fieldManager,
            timeout);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Applies one CRD and waits until the API server reports it {@code Established}. */
  public static void apply(
      KubernetesClient client,
      CustomResourceDefinition crd,
      String fieldManager,
      Duration timeout) {
    client.resource(crd).fieldManager(fieldManager).forceConflicts().serverSideApply();
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(crd.getMetadata().getName())
        .waitUntilCondition(
            current ->
                current != null
                    && current.getStatus() != null
                    && current.getStatus().getConditions() != null
                    && current.getStatus().getConditions().stream()
                        .anyMatch(
                            c -> c.getType().equals("Established") && c.getStatus().equals("True")),
            timeout.toMillis(),
            TimeUnit.MILLISECONDS);
  }
}
