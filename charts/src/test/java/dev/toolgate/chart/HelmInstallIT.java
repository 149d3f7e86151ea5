package dev.toolgate.chart;

import static dev.toolgate.chart.Chart.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@code helm install} itself (Helm's Go library inside helm-java) on a real kube-apiserver, with
 * the operator limited to listed namespaces: it serves those and, by RBAC, cannot see the others.
 */
@EnableKubeAPIServer
class HelmInstallIT {

  @KubeConfig static String kubeconfig;

  static Cluster cluster;

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void helmInstallsTheChartAndAnOperatorWatchingOneNamespaceServesOnlyThat() throws Exception {
    cluster = new Cluster(kubeconfig);
    cluster.namespace("team-a");
    cluster.namespace("team-b");
    Release release =
        new Helm(Chart.DIR)
            .install()
            .withName(Chart.RELEASE)
            .withNamespace(NAMESPACE)
            .createNamespace()
            .withKubeVersion(Chart.KUBE_VERSION)
            .set("operator.watchNamespaces[0]", "team-a")
            .withKubeConfigContents(kubeconfig)
            .call();
    assertThat(release.getStatus()).isEqualTo("deployed");
    assertThat(release.getOutput()).contains("watches only: team-a").contains("port-forward");
    assertThat(
            cluster
                .admin
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("mcptools.toolgate.dev")
                .get())
        .as("Helm installed the CRDs from the chart's crds/")
        .isNotNull();

    Deployment installed =
        cluster
            .admin
            .apps()
            .deployments()
            .inNamespace(NAMESPACE)
            .withName("toolgate-operator")
            .get();
    Path log = Path.of("target", "helm-install-it", "operator.log");
    cluster.run(
        Chart.REPO.resolve("operator/target/toolgate-operator.jar"),
        installed,
        cluster.kubeconfigFor(NAMESPACE, "toolgate-operator"),
        Map.of(
            "TOOLGATE_HTTP_PORT",
            String.valueOf(Cluster.freePort()),
            "TOOLGATE_LOG_FORMAT",
            "text"),
        log);

    for (String namespace : new String[] {"team-a", "team-b"}) {
      cluster
          .admin
          .resource(
              Serialization.unmarshal(
                  """
                  apiVersion: toolgate.dev/v1alpha1
                  kind: McpTool
                  metadata: {name: echo, namespace: %s}
                  spec:
                    remote: {url: "https://echo.example.com/mcp"}
                    tools: [{name: echo}]
                  """
                      .formatted(namespace),
                  GenericKubernetesResource.class))
          .fieldManager("kubectl")
          .serverSideApply();
    }
    // No gateway runs here: the tool is compiled for the chart's McpGateway and waits for a gateway
    // to report it loaded.
    cluster.awaitToolCondition("team-a", "echo", "PolicyValid", "True");
    assertThat(Cluster.condition(cluster.tool("team-a", "echo"), "Routed").getReason())
        .isEqualTo("AwaitingGateway");
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> cluster.tool("team-b", "echo").get("status") == null);
    String config =
        cluster
            .admin
            .configMaps()
            .inNamespace(NAMESPACE)
            .withName("toolgate-gateway-config")
            .get()
            .getData()
            .values()
            .iterator()
            .next();
    assertThat(config).contains("team-a/echo").doesNotContain("team-b");

    // The identity key came from the chart's pre-install hook (helm template shows no hooks, so
    // only a real install sees it): one P-256 key with its public part, which the gateway reads.
    io.fabric8.kubernetes.api.model.Secret keys =
        cluster.admin.secrets().inNamespace(NAMESPACE).withName("toolgate-identity-keys").get();
    assertThat(keys.getMetadata().getAnnotations()).containsEntry("helm.sh/hook", "pre-install");
    Path pem = Files.createTempFile("identity", ".pem");
    try {
      Files.write(pem, java.util.Base64.getDecoder().decode(keys.getData().get("keys.pem")));
      assertThat(dev.toolgate.gateway.identity.IdentityKeyFile.load(pem).keys().publishedKids())
          .hasSize(1);
    } finally {
      Files.delete(pem);
    }

    String sa = "toolgate-operator";
    assertThat(cluster.allowed(NAMESPACE, sa, "list", "toolgate.dev", "mcptools", "team-a", null))
        .isTrue();
    assertThat(cluster.allowed(NAMESPACE, sa, "list", "toolgate.dev", "mcptools", "team-b", null))
        .isFalse();
    assertThat(cluster.allowed(NAMESPACE, sa, "list", "toolgate.dev", "mcptools", null, null))
        .as("no cluster-wide read of McpTools")
        .isFalse();
    assertThat(cluster.allowed(NAMESPACE, sa, "create", "apps", "deployments", "team-b", null))
        .isFalse();
    assertThat(Files.readString(log)).doesNotContainIgnoringCase("forbidden");
  }
}
