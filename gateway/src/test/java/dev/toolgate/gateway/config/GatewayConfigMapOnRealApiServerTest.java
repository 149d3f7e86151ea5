package dev.toolgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.toolgate.api.ToolgateNames;
import dev.toolgate.gateway.ServiceAccountClients;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway follows the operator's ConfigMap on a real kube-apiserver, acting as its own
 * ServiceAccount with the RBAC in {@code gateway/src/main/kubernetes/rbac.yaml}: get and watch on
 * that one ConfigMap work, and nothing else is readable.
 */
@EnableKubeAPIServer
class GatewayConfigMapOnRealApiServerTest {

  private static final String NAMESPACE = "toolgate-system";

  @KubeConfig static String kubeconfig;

  static KubernetesClient client;
  static KubernetesClient asGateway;

  @BeforeAll
  static void installRbac() throws Exception {
    client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
    client
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .serverSideApply();
    try (InputStream rbac = Files.newInputStream(Path.of("src/main/kubernetes/rbac.yaml"))) {
      for (HasMetadata object : client.load(rbac).items()) {
        client.resource(object).serverSideApply();
      }
    }
    asGateway = ServiceAccountClients.as(kubeconfig, NAMESPACE, "toolgate-gateway");
  }

  @AfterAll
  static void close() {
    asGateway.close();
    client.close();
  }

  private static String config(int upstreams) {
    StringBuilder yaml = new StringBuilder("version: toolgate.dev/gateway-config/v1\nupstreams:\n");
    for (int i = 0; i < upstreams; i++) {
      yaml.append(
          """
            - id: tools/w%d
              url: http://w%d.tools.svc.cluster.local:8080/mcp
              passthroughPath: /mcp/tools/tools/w%d
              toolPrefix: w%d
          """
              .formatted(i, i, i, i));
    }
    return yaml.toString();
  }

  private static void publish(String text) {
    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(ToolgateNames.GATEWAY_CONFIGMAP)
                .withNamespace(NAMESPACE)
                .endMetadata()
                .addToData(ToolgateNames.GATEWAY_CONFIG_KEY, text)
                .build())
        .fieldManager("toolgate-operator")
        .forceConflicts()
        .serverSideApply();
  }

  private static int upstreamsInForce(ConfigStore store) {
    return store.current().map(c -> c.config().upstreams().size()).orElse(-1);
  }

  @Test
  void followsTheConfigMapAndKeepsTheLastValidConfig() throws Exception {
    ConfigStore store = new ConfigStore(Clock.systemUTC());
    try (ConfigMapConfigSource source =
        new ConfigMapConfigSource(
            asGateway, NAMESPACE, ToolgateNames.GATEWAY_CONFIGMAP, Duration.ofMillis(200))) {
      source.start(store);
      assertThat(store.isLoaded()).as("no ConfigMap yet: not ready").isFalse();

      publish(config(1));
      await().atMost(Duration.ofSeconds(10)).until(() -> upstreamsInForce(store) == 1);

      publish(config(2));
      await().atMost(Duration.ofSeconds(10)).until(() -> upstreamsInForce(store) == 2);

      publish("version: toolgate.dev/gateway-config/v1\nupstreams: [{id: broken}]\n");
      publish(config(3));
      await().atMost(Duration.ofSeconds(10)).until(() -> upstreamsInForce(store) == 3);
      assertThat(store.current().orElseThrow().origin()).startsWith("configmap " + NAMESPACE);

      publish("upstreams: [not, a, config");
      Thread.sleep(1000);
      assertThat(upstreamsInForce(store))
          .as("a broken config never replaces a good one")
          .isEqualTo(3);
    }
  }

  @Test
  void theGatewayServiceAccountReadsNothingElse() {
    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("other")
                .withNamespace(NAMESPACE)
                .endMetadata()
                .addToData("secret-ish", "x")
                .build())
        .serverSideApply();

    assertForbidden(() -> asGateway.configMaps().inNamespace(NAMESPACE).withName("other").get());
    assertForbidden(() -> asGateway.configMaps().inNamespace(NAMESPACE).list());
    assertForbidden(() -> asGateway.secrets().inNamespace(NAMESPACE).list());
    assertForbidden(
        () ->
            asGateway
                .configMaps()
                .inNamespace("default")
                .withName(ToolgateNames.GATEWAY_CONFIGMAP)
                .get());
  }

  private static void assertForbidden(Runnable call) {
    KubernetesClientException e = catchThrowableOfType(KubernetesClientException.class, call::run);
    assertThat(e).as("forbidden for the gateway").isNotNull();
    assertThat(e.getCode()).isEqualTo(403);
  }
}
