package dev.toolgate.gateway.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.api.config.Durations;
import dev.toolgate.api.config.GatewayConfig;
import dev.toolgate.api.config.GatewayConfigCodec;
import dev.toolgate.api.config.ToolConfig;
import dev.toolgate.api.config.UpstreamConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable snapshot of where everything goes: passthrough paths to workers, exposed tool names
 * to worker tools, and the aggregated {@code tools/list} result already serialized, so listing
 * tools costs one copy of bytes. Rebuilt whole on every config or catalog change and swapped in
 * atomically; a request uses the table it started with.
 */
public final class RoutingTable {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, UpstreamConfig> byPath;
  private final Map<String, UpstreamConfig> byId;
  private final Map<String, ToolRoute> tools;
  private final String toolsListResult;
  private final String fingerprint;

  private RoutingTable(
      Map<String, UpstreamConfig> byPath,
      Map<String, UpstreamConfig> byId,
      Map<String, ToolRoute> tools,
      String toolsListResult) {
    this.byPath = byPath;
    this.byId = byId;
    this.tools = tools;
    this.toolsListResult = toolsListResult;
    this.fingerprint = GatewayConfigCodec.hash(toolsListResult);
  }

  public static RoutingTable empty() {
    return build(GatewayConfig.empty(), Map.of());
  }

  /**
   * Builds the table. A worker's tool is exposed when the worker {@code exposeAll}s or the config
   * lists it; listed tools the worker does not (yet) offer are left out until it does.
   */
  public static RoutingTable build(GatewayConfig config, Map<String, List<ObjectNode>> catalog) {
    Map<String, UpstreamConfig> byPath = new LinkedHashMap<>();
    Map<String, UpstreamConfig> byId = new LinkedHashMap<>();
    Map<String, ToolRoute> tools = new LinkedHashMap<>();
    ArrayNode listed = JSON.createArrayNode();
    for (UpstreamConfig upstream : config.upstreams()) {
      byPath.put(upstream.passthroughPath(), upstream);
      byId.put(upstream.id(), upstream);
      for (ObjectNode tool : catalog.getOrDefault(upstream.id(), List.of())) {
        String name = tool.path("name").asText();
        Optional<ToolConfig> policy = upstream.tool(name);
        if (policy.isEmpty() && !upstream.exposesAll()) {
          continue;
        }
        String exposed = policy.map(ToolConfig::exposedName).orElse(upstream.exposedName(name));
        if (tools.containsKey(exposed)) {
          continue;
        }
        tools.put(
            exposed,
            new ToolRoute(exposed, upstream, name, policy.orElse(null), timeout(upstream, policy)));
        ObjectNode renamed = tool.deepCopy();
        renamed.put("name", exposed);
        listed.add(renamed);
      }
    }
    ObjectNode result = JSON.createObjectNode();
    result.set("tools", listed);
    String resultJson;
    try {
      resultJson = JSON.writeValueAsString(result);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree always serializes", e);
    }
    return new RoutingTable(Map.copyOf(byPath), Map.copyOf(byId), tools, resultJson);
  }

  private static long timeout(UpstreamConfig upstream, Optional<ToolConfig> policy) {
    String text = policy.map(ToolConfig::timeout).filter(t -> t != null).orElse(upstream.timeout());
    return text == null ? DEFAULT_TIMEOUT.toMillis() : Durations.parse(text).toMillis();
  }

  public Optional<UpstreamConfig> passthrough(String path) {
    return Optional.ofNullable(byPath.get(path));
  }

  public Optional<UpstreamConfig> upstream(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public Optional<ToolRoute> tool(String exposedName) {
    return Optional.ofNullable(tools.get(exposedName));
  }

  /** The timeout of a passthrough request: the worker's, else the default. */
  public static long upstreamTimeoutMillis(UpstreamConfig upstream, String toolName) {
    Optional<ToolConfig> policy = toolName == null ? Optional.empty() : upstream.tool(toolName);
    return timeout(upstream, policy);
  }

  /** The {@code result} of {@code tools/list} on the aggregated endpoint, as JSON text. */
  public String toolsListResult() {
    return toolsListResult;
  }

  public int toolCount() {
    return tools.size();
  }

  /** A hash of the aggregated tool list: equal fingerprints mean the caller sees the same tools. */
  public String fingerprint() {
    return fingerprint;
  }
}
