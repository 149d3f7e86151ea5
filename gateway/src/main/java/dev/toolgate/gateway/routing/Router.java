package dev.toolgate.gateway.routing;

import dev.toolgate.gateway.config.ConfigStore;
import dev.toolgate.gateway.config.LoadedConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the routing table in step with the config in force and the tool catalog, and tells
 * listeners when it changed (the aggregated endpoint turns that into {@code
 * notifications/tools/list_changed}).
 */
public final class Router {

  private static final Logger LOG = LoggerFactory.getLogger(Router.class);

  private final ConfigStore configs;
  private final ToolCatalog catalog;
  private final Duration maxTimeout;
  private final AtomicReference<RoutingTable> table = new AtomicReference<>(RoutingTable.empty());
  private final List<BiConsumer<RoutingTable, RoutingTable>> listeners =
      new CopyOnWriteArrayList<>();

  /**
   * @param maxTimeout the upper bound of every call's timeout
   */
  public Router(ConfigStore configs, ToolCatalog catalog, Duration maxTimeout) {
    this.configs = configs;
    this.catalog = catalog;
    this.maxTimeout = maxTimeout;
    configs.onChange(this::configChanged);
    catalog.onChange(this::rebuild);
  }

  private void configChanged(LoadedConfig loaded) {
    rebuild();
    catalog.sync(loaded.config());
  }

  private synchronized void rebuild() {
    RoutingTable next =
        configs
            .current()
            .map(loaded -> RoutingTable.build(loaded.config(), catalog.snapshot(), maxTimeout))
            .orElseGet(RoutingTable::empty);
    RoutingTable previous = table.getAndSet(next);
    next.collisions().stream()
        .filter(collision -> !previous.collisions().contains(collision))
        .forEach(collision -> LOG.warn("{}", collision));
    next.drifts().stream()
        .filter(drift -> !previous.drifts().contains(drift))
        .forEach(
            drift -> LOG.warn("upstream {}: {}", drift.upstream(), drift.describe(drift.tool())));
    listeners.forEach(listener -> listener.accept(previous, next));
  }

  public RoutingTable table() {
    return table.get();
  }

  /** Called with the previous and the new table after every rebuild. */
  public void onChange(BiConsumer<RoutingTable, RoutingTable> listener) {
    listeners.add(listener);
  }
}
