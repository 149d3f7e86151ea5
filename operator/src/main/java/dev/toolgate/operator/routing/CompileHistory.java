package dev.toolgate.operator.routing;

import dev.toolgate.api.config.GatewayConfig;
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

  /** Whether the config with {@code hash} held {@code route} exactly. */
  public synchronized boolean held(String hash, UpstreamConfig route) {
    if (hash == null) {
      return false;
    }
    Map<String, UpstreamConfig> routes = routesByHash.get(hash);
    return routes != null && Objects.equals(routes.get(route.id()), route);
  }

  public synchronized void clear() {
    routesByHash.clear();
  }
}
