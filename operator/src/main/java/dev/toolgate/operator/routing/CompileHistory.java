package dev.toolgate.operator.routing;

import dev.toolgate.api.config.GatewayConfig;
import dev.toolgate.api.config.ToolSchema;
import dev.toolgate.api.config.UpstreamConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The routes of the last few compiled configs, by config hash. The gateway reports the hash it
 * loaded; a route counts as served when that config held it exactly as compiled now, so a change to
 * one McpTool does not make every other one wait for the gateway again.
 */
public final class CompileHistory {

  /** Configs remembered; the gateway loads within seconds, so only recent hashes matter. */
  static final int KEPT = 32;

  private final Map<String, Map<String, UpstreamConfig>> routesByHash =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, UpstreamConfig>> e) {
          return size() > KEPT;
        }
      };

  public synchronized void record(String hash, GatewayConfig config) {
    Map<String, UpstreamConfig> routes = new LinkedHashMap<>();
    config.upstreams().forEach(u -> routes.put(u.id(), u));
    routesByHash.put(hash, Map.copyOf(routes));
  }

  /**
   * Whether the config with {@code hash} held {@code route} exactly, but for the schema hashes it
   * only records ({@code schemas[].seen}): recording a tool's definition changes nothing the
   * gateway enforces, so it does not make the route wait for the gateway again. A pin does.
   */
  public synchronized boolean held(String hash, UpstreamConfig route) {
    if (hash == null) {
      return false;
    }
    Map<String, UpstreamConfig> routes = routesByHash.get(hash);
    return routes != null
        && routes.get(route.id()) != null
        && Objects.equals(enforced(routes.get(route.id())), enforced(route));
  }

  private static UpstreamConfig enforced(UpstreamConfig route) {
    return route.withSchemas(
        route.schemas().stream()
            .filter(s -> s.pinned() != null)
            .map(s -> new ToolSchema(s.name(), s.pinned(), null))
            .toList());
  }

  public synchronized void clear() {
    routesByHash.clear();
  }
}
