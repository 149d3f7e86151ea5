package dev.toolgate.gateway.config;

import dev.toolgate.api.config.GatewayConfigCodec;
import dev.toolgate.api.config.UpstreamAddressPolicy;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the operator's ConfigMap through the Kubernetes API with nothing but {@code get} and
 * {@code watch} on that one object (RBAC {@code resourceNames}), so the gateway's service account
 * can read no other config. A watch that ends (API server restart, expired resource version) is
 * replaced by a fresh get and watch. A watch can also go quiet without ending (a connection that
 * died without a reset, which the API server would only close after up to an hour): a periodic get
 * finds a version the watch has not delivered, offers it and watches again, so a missed change
 * costs at most one period.
 */
public final class ConfigMapConfigSource implements ConfigSource {

  private static final Logger LOG = LoggerFactory.getLogger(ConfigMapConfigSource.class);

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final Duration retryDelay;
  private final UpstreamAddressPolicy addresses;
  private final Duration resyncEvery;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("configmap-rewatch").factory());
  private volatile Watch watch;

  /** The watcher of the current watch: what a replaced one still had queued is dropped. */
  private volatile Watcher<ConfigMap> watching;

  private volatile boolean closed;

  /** The resource version last offered to the store, {@code null} before the first. */
  private volatile String offeredVersion;

  /** How often the ConfigMap is read to catch a change a quiet watch did not deliver. */
  static final Duration RESYNC_EVERY = Duration.ofSeconds(30);

  /** Holds the config to the strict address policy for a cluster with the default domain. */
  public ConfigMapConfigSource(
      KubernetesClient client, String namespace, String name, Duration retryDelay) {
    this(client, namespace, name, retryDelay, UpstreamAddressPolicy.strict("cluster.local"));
  }

  /**
   * @param addresses where the config's upstreams may be; a config that breaks it is rejected, so a
   *     forged ConfigMap cannot point the gateway at the cluster's insides or another tenant
   */
  public ConfigMapConfigSource(
      KubernetesClient client,
      String namespace,
      String name,
      Duration retryDelay,
      UpstreamAddressPolicy addresses) {
    this(client, namespace, name, retryDelay, addresses, RESYNC_EVERY);
  }

  /**
   * @param resyncEvery how often the ConfigMap is read besides the watch
   */
  ConfigMapConfigSource(
      KubernetesClient client,
      String namespace,
      String name,
      Duration retryDelay,
      UpstreamAddressPolicy addresses,
      Duration resyncEvery) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.retryDelay = retryDelay;
    this.addresses = addresses;
    this.resyncEvery = resyncEvery;
  }

  @Override
  public void start(ConfigStore store) {
    connect(store);
    timer.scheduleWithFixedDelay(
        () -> resync(store), resyncEvery.toMillis(), resyncEvery.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Reads the ConfigMap; a version other than the one offered last means the watch missed it: the
   * version is offered and the watch replaced.
   */
  private void resync(ConfigStore store) {
    if (closed) {
      return;
    }
    try {
      ConfigMap current = configMap().get();
      if (current == null) {
        return;
      }
      String version = current.getMetadata().getResourceVersion();
      if (version.equals(offeredVersion)) {
        return;
      }
      LOG.warn(
          "ConfigMap {}/{}: the periodic read found version {} that the watch had not delivered"
              + " (last delivered: {}); watching again",
          namespace,
          name,
          version,
          offeredVersion);
      connect(store);
    } catch (RuntimeException e) {
      LOG.debug("periodic read of ConfigMap {}/{} failed: {}", namespace, name, e.getMessage());
    }
  }

  /**
   * Ends the watch without reconnecting: before a new one, on close, and in tests as a connection
   * that died silently.
   */
  void stopWatching() {
    Watch current = watch;
    watch = null;
    watching = null;
    if (current != null) {
      current.close();
    }
  }

  private Resource<ConfigMap> configMap() {
    return client.configMaps().inNamespace(namespace).withName(name);
  }

  /** A fresh get and watch, in place of the watch there was. */
  private synchronized void connect(ConfigStore store) {
    if (closed) {
      return;
    }
    stopWatching();
    try {
      ConfigMap current = configMap().get();
      String resourceVersion = null;
      if (current == null) {
        LOG.warn("ConfigMap {}/{} does not exist yet; waiting for it", namespace, name);
      } else {
        resourceVersion = current.getMetadata().getResourceVersion();
        offer(store, current, null);
      }
      Watcher<ConfigMap> watcher =
          new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap resource) {
              switch (action) {
                case ADDED, MODIFIED -> offer(store, resource, this);
                case DELETED ->
                    LOG.warn(
                        "ConfigMap {}/{} was deleted; the config in force stays", namespace, name);
                default -> {}
              }
            }

            @Override
            public void onClose(WatcherException cause) {
              if (watching != this) {
                return;
              }
              LOG.info(
                  "watch on ConfigMap {}/{} ended ({}); watching again",
                  namespace,
                  name,
                  cause.getMessage());
              retry(store);
            }
          };
      watching = watcher;
      watch =
          configMap()
              .watch(
                  new ListOptionsBuilder().withResourceVersion(resourceVersion).build(), watcher);
    } catch (RuntimeException e) {
      LOG.warn("cannot read ConfigMap {}/{}: {}", namespace, name, e.getMessage());
      retry(store);
    }
  }

  private void retry(ConfigStore store) {
    if (!closed) {
      timer.schedule(() -> connect(store), retryDelay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Offers one version at a time, whether a watch or a get found it.
   *
   * @param from the watcher that delivered it, {@code null} for a get; a version a replaced watch
   *     still had queued is dropped, since the get of its replacement found a newer one
   */
  private synchronized void offer(ConfigStore store, ConfigMap configMap, Watcher<ConfigMap> from) {
    if (from != null && from != watching) {
      return;
    }
    offeredVersion = configMap.getMetadata().getResourceVersion();
    String text =
        configMap.getData() == null ? null : configMap.getData().get(GatewayConfigCodec.FILE_NAME);
    if (text == null) {
      LOG.warn(
          "ConfigMap {}/{} has no key {}; the config in force stays",
          namespace,
          name,
          GatewayConfigCodec.FILE_NAME);
      return;
    }
    store.offer(text, describe() + "@" + configMap.getMetadata().getResourceVersion(), addresses);
  }

  @Override
  public String describe() {
    return "configmap " + namespace + "/" + name;
  }

  @Override
  public void close() {
    closed = true;
    stopWatching();
    timer.shutdownNow();
  }
}
