package dev.toolgate.gateway.routing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.api.config.GatewayConfig;
import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.gateway.upstream.ToolDiscovery;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tools each worker offers, as last discovered. Discovery runs in the background; a worker that
 * is down keeps the tools it last listed (or none) and is tried again on the next refresh, so a
 * broken worker never blocks the gateway or the other workers.
 */
public final class ToolCatalog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ToolCatalog.class);

  private record Entry(String url, List<ObjectNode> tools) {}

  private final ToolDiscovery discovery;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Map<String, String> wanted = new ConcurrentHashMap<>();
  private final Map<String, String> failing = new ConcurrentHashMap<>();
  private final Map<String, String> tried = new ConcurrentHashMap<>();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

  public ToolCatalog(ToolDiscovery discovery) {
    this.discovery = discovery;
  }

  /** Follows a new config: forgets removed workers, discovers new or moved ones. */
  public void sync(GatewayConfig config) {
    Map<String, String> urls =
        config.upstreams().stream()
            .collect(Collectors.toMap(UpstreamConfig::id, UpstreamConfig::url));
    wanted.keySet().retainAll(urls.keySet());
    wanted.putAll(urls);
    tried.keySet().retainAll(urls.keySet());
    failing.keySet().retainAll(urls.keySet());
    boolean removed = entries.keySet().retainAll(urls.keySet());
    if (removed) {
      fireChanged();
    }
    urls.forEach(
        (id, url) -> {
          Entry entry = entries.get(id);
          if (entry == null || !entry.url().equals(url)) {
            workers.execute(() -> refresh(id, url));
          }
        });
  }

  /** Discovers every configured worker again, e.g. on a timer. */
  public void refreshAll() {
    wanted.forEach((id, url) -> workers.execute(() -> refresh(id, url)));
  }

  private void refresh(String id, String url) {
    List<ObjectNode> tools;
    try {
      tools = discovery.discover(id, url);
    } catch (IOException e) {
      tried.put(id, url);
      // Logged when the worker starts failing or fails differently, not on every refresh.
      if (!e.getMessage().equals(failing.put(id, e.getMessage()))) {
        LOG.warn("upstream {}: {}", id, e.getMessage());
      }
      return;
    }
    if (failing.remove(id) != null) {
      LOG.info("upstream {} answers again", id);
    }
    if (!url.equals(wanted.get(id))) {
      return;
    }
    Entry fresh = new Entry(url, List.copyOf(tools));
    Entry previous = entries.put(id, fresh);
    tried.put(id, url);
    if (previous == null || !Objects.equals(previous.tools(), fresh.tools())) {
      LOG.info("upstream {} lists {} tool(s)", id, tools.size());
      fireChanged();
    }
  }

  /**
   * Whether every worker of {@code config}, at its URL there, has been asked for its tools once.
   */
  public boolean discoveredAll(GatewayConfig config) {
    return config.upstreams().stream().allMatch(u -> u.url().equals(tried.get(u.id())));
  }

  /** Each worker's tools, by upstream id; workers never discovered are absent. */
  public Map<String, List<ObjectNode>> snapshot() {
    return entries.entrySet().stream()
        .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> e.getValue().tools()));
  }

  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  private void fireChanged() {
    listeners.forEach(Runnable::run);
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }
}
