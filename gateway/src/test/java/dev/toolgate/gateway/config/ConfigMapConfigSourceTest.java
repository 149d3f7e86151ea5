package dev.toolgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ConfigMap path against fabric8's mock API server (CRUD mode): narrow, it checks only that
 * get-then-watch follows the object. The real API server test belongs to the kube-api-test suite.
 */
@EnableKubernetesMockClient(crud = true)
class ConfigMapConfigSourceTest {

  KubernetesClient client;

  private ConfigMap configMap(String text) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName("toolgate-gateway-config")
        .withNamespace("toolgate")
        .endMetadata()
        .withData(Map.of("gateway-config.yaml", text))
        .build();
  }

  @Test
  void loadsTheConfigMapAndFollowsItsChangesButNotItsBadOnes() {
    client.configMaps().inNamespace("toolgate").resource(configMap(ConfigStoreTest.VALID)).create();
    ConfigStore store = new ConfigStore(Clock.systemUTC());
    try (ConfigMapConfigSource source =
        new ConfigMapConfigSource(
            client,
            "toolgate",
            "toolgate-gateway-config",
            Duration.ofMillis(200),
            ConfigStoreTest.DEV)) {
      source.start(store);
      assertThat(store.current()).isPresent();

      String moved = ConfigStoreTest.VALID.replace("127.0.0.1:1", "127.0.0.1:2");
      client.configMaps().inNamespace("toolgate").resource(configMap(moved)).update();
      await().atMost(Duration.ofSeconds(10)).until(() -> upstreamUrl(store).contains(":2/"));

      String hash = store.current().orElseThrow().hash();
      client.configMaps().inNamespace("toolgate").resource(configMap("version: x")).update();
      client
          .configMaps()
          .inNamespace("toolgate")
          .resource(configMap(moved.replace("tools/alpha", "tools/beta")))
          .update();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> !store.current().orElseThrow().hash().equals(hash));
      assertThat(store.current().orElseThrow().config().upstreams().getFirst().id())
          .isEqualTo("tools/beta");
    }
  }

  @Test
  void aChangeTheWatchDidNotDeliverIsFoundByThePeriodicReadAndTheWatchIsReplaced() {
    client.configMaps().inNamespace("toolgate").resource(configMap(ConfigStoreTest.VALID)).create();
    ConfigStore store = new ConfigStore(Clock.systemUTC());
    try (ConfigMapConfigSource source =
        new ConfigMapConfigSource(
            client,
            "toolgate",
            "toolgate-gateway-config",
            Duration.ofMillis(200),
            ConfigStoreTest.DEV,
            Duration.ofMillis(300))) {
      source.start(store);
      assertThat(store.current()).isPresent();
      // The connection under the watch died without a word: no event, no onClose.
      source.stopWatching();
      String moved = ConfigStoreTest.VALID.replace("127.0.0.1:1", "127.0.0.1:2");
      client.configMaps().inNamespace("toolgate").resource(configMap(moved)).update();
      await().atMost(Duration.ofSeconds(10)).until(() -> upstreamUrl(store).contains(":2/"));
      // Watched again: the next change arrives through the new watch (or, at worst, the next read).
      client
          .configMaps()
          .inNamespace("toolgate")
          .resource(configMap(moved.replace("127.0.0.1:2", "127.0.0.1:3")))
          .update();
      await().atMost(Duration.ofSeconds(10)).until(() -> upstreamUrl(store).contains(":3/"));
    }
  }

  private static String upstreamUrl(ConfigStore store) {
    return store.current().orElseThrow().config().upstreams().getFirst().url();
  }

  @Test
  void waitsForAConfigMapThatDoesNotExistYet() {
    ConfigStore store = new ConfigStore(Clock.systemUTC());
    try (ConfigMapConfigSource source =
        new ConfigMapConfigSource(
            client,
            "toolgate",
            "toolgate-gateway-config",
            Duration.ofMillis(200),
            ConfigStoreTest.DEV)) {
      source.start(store);
      assertThat(store.isLoaded()).isFalse();
      client
          .configMaps()
          .inNamespace("toolgate")
          .resource(configMap(ConfigStoreTest.VALID))
          .create();
      await().atMost(Duration.ofSeconds(10)).until(store::isLoaded);
    }
  }

  @Test
  void byDefaultAConfigMapIsHeldToTheStrictPolicy() {
    client.configMaps().inNamespace("toolgate").resource(configMap(ConfigStoreTest.VALID)).create();
    ConfigStore store = new ConfigStore(Clock.systemUTC());
    try (ConfigMapConfigSource source =
        new ConfigMapConfigSource(
            client, "toolgate", "toolgate-gateway-config", Duration.ofMillis(200))) {
      source.start(store);
      // A loopback worker under any id is dev mode only: from the cluster it is rejected.
      assertThat(store.isLoaded()).isFalse();

      String ownService =
          ConfigStoreTest.VALID.replace(
              "http://127.0.0.1:1/mcp", "http://alpha.tools.svc.cluster.local:8080/mcp");
      client.configMaps().inNamespace("toolgate").resource(configMap(ownService)).update();
      await().atMost(Duration.ofSeconds(10)).until(store::isLoaded);
    }
  }
}
