package dev.toolgate.gateway.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.api.ToolgateNames;
import dev.toolgate.api.config.Durations;
import dev.toolgate.api.config.GatewayConfig;
import dev.toolgate.api.config.GatewayConfigCodec;
import dev.toolgate.api.config.ScopeConfig;
import dev.toolgate.api.config.ToolConfig;
import dev.toolgate.api.config.ToolSchema;
import dev.toolgate.api.config.UpstreamConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * An immutable snapshot of where everything goes: passthrough paths to workers, exposed tool names
 * to worker tools, and the aggregated {@code tools/list} result already serialized, so listing
 * tools costs one copy of bytes. Rebuilt whole on every config or catalog change and swapped in
 * atomically; a request uses the table it started with.
 */
public final class RoutingTable {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** The default upper bound of any call's timeout, whatever a config says. */
  public static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, UpstreamConfig> byPath;
  private final Map<String, UpstreamConfig> byId;
  private final Map<String, ToolRoute> tools;
  private final Map<String, ToolRoute> byUpstreamTool;
  private final List<NameCollision> collisions;
  private final Map<String, SchemaDrift> drifts;
  private final List<SchemaSighting> sightings;
  private final long maxTimeoutMillis;
  private final String toolsListResult;
  private final String fingerprint;
  private final Map<String, ScopeConfig> scopeRules;
  private final Map<String, UpstreamConfig> byPrefix;

  private RoutingTable(
      Map<String, UpstreamConfig> byPath,
      Map<String, UpstreamConfig> byId,
      Map<String, ToolRoute> tools,
      List<NameCollision> collisions,
      Map<String, SchemaDrift> drifts,
      List<SchemaSighting> sightings,
      long maxTimeoutMillis,
      String toolsListResult,
      Map<String, ScopeConfig> scopeRules) {
    this.drifts = drifts;
    this.sightings = sightings;
    this.scopeRules = scopeRules;
    this.byPath = byPath;
    this.byId = byId;
    this.tools = tools;
    this.byUpstreamTool = new HashMap<>();
    tools.values().forEach(t -> byUpstreamTool.put(key(t.upstream().id(), t.upstreamName()), t));
    this.collisions = collisions;
    this.maxTimeoutMillis = maxTimeoutMillis;
    this.toolsListResult = toolsListResult;
    this.fingerprint = GatewayConfigCodec.hash(toolsListResult);
    this.byPrefix = new HashMap<>();
    // The compiler gives every McpTool a prefix of its own; in a hand-written config that repeats
    // one, the first upstream in config order owns it, as with tool names.
    byId.values().forEach(u -> byPrefix.putIfAbsent(u.toolPrefix(), u));
  }

  public static RoutingTable empty() {
    return build(GatewayConfig.empty(), Map.of(), MAX_TIMEOUT);
  }

  /**
   * Builds the table. A worker's tool is exposed when the worker {@code exposeAll}s or the config
   * lists it; listed tools the worker does not (yet) offer are left out until it does. A name
   * discovered at run time that another worker's tool already has is not exposed a second time: the
   * config's order (upstream id) decides, and the collision is reported by {@link #collisions()}. A
   * pinned tool whose definition is not the approved one is not exposed either ({@link #drift}).
   * Timeouts are capped at {@code maxTimeout}.
   */
  public static RoutingTable build(
      GatewayConfig config, Map<String, List<ObjectNode>> catalog, Duration maxTimeout) {
    long cap = maxTimeout.toMillis();
    Map<String, UpstreamConfig> byPath = new LinkedHashMap<>();
    Map<String, UpstreamConfig> byId = new LinkedHashMap<>();
    Map<String, ToolRoute> tools = new LinkedHashMap<>();
    List<NameCollision> collisions = new ArrayList<>();
    Map<String, SchemaDrift> drifts = new LinkedHashMap<>();
    Map<String, SchemaSighting> sightings = new LinkedHashMap<>();
    ArrayNode listed = JSON.createArrayNode();
    Map<String, ScopeConfig> scopeRules = new HashMap<>();
    Map<String, TreeSet<String>> grantsByTool = new HashMap<>();
    for (ScopeConfig scope : config.scopes()) {
      scopeRules.put(scope.scope(), scope);
      for (String tool : scope.tools()) {
        grantsByTool.computeIfAbsent(tool, t -> new TreeSet<>()).add(scope.scope());
      }
    }
    for (UpstreamConfig upstream : config.upstreams()) {
      byPath.put(upstream.passthroughPath(), upstream);
      byId.put(upstream.id(), upstream);
      Map<String, ToolSchema> schemas = new HashMap<>();
      upstream.schemas().forEach(schema -> schemas.put(schema.name(), schema));
      Set<String> offered = new HashSet<>();
      for (ObjectNode tool : catalog.getOrDefault(upstream.id(), List.of())) {
        String name = tool.path("name").asText();
        Optional<ToolConfig> policy = upstream.tool(name);
        if (policy.isEmpty() && !upstream.exposesAll()) {
          continue;
        }
        String exposed = policy.map(ToolConfig::exposedName).orElse(upstream.exposedName(name));
        ToolDefinition definition = ToolDefinition.of(tool);
        ToolSchema known = schemas.get(name);
        if (offered.add(name) && (known == null || !definition.hash().equals(known.seen()))) {
          sightings.put(
              key(upstream.id(), name), new SchemaSighting(upstream.id(), name, definition.hash()));
        }
        if (known != null && known.pinned() != null && !known.pinned().equals(definition.hash())) {
          drifts.putIfAbsent(
              key(upstream.id(), name),
              new SchemaDrift(upstream.id(), name, exposed, known.pinned(), definition.hash()));
          continue;
        }
        ToolRoute owner = tools.get(exposed);
        if (owner != null) {
          collisions.add(new NameCollision(upstream.id(), name, exposed, owner.upstream().id()));
          continue;
        }
        ObjectNode renamed = tool.deepCopy();
        renamed.put("name", exposed);
        ToolMeta.advertiseCost(renamed, policy.orElse(null));
        listed.add(renamed);
        tools.put(
            exposed,
            new ToolRoute(
                exposed,
                upstream,
                name,
                policy.orElse(null),
                timeout(upstream, policy, cap),
                scopesOf(upstream, name, exposed, policy, grantsByTool),
                renamed.toString(),
                definition));
      }
      if (catalog.containsKey(upstream.id())) {
        // Only a worker that answered can be said to list a tool no more.
        upstream.schemas().stream()
            .filter(schema -> schema.seen() != null && !offered.contains(schema.name()))
            .forEach(
                schema ->
                    sightings.put(
                        key(upstream.id(), schema.name()),
                        new SchemaSighting(upstream.id(), schema.name(), null)));
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
    return new RoutingTable(
        Map.copyOf(byPath),
        // In config order, as upstreams() promises (Map.copyOf would not keep it).
        java.util.Collections.unmodifiableMap(byId),
        tools,
        List.copyOf(collisions),
        Map.copyOf(drifts),
        List.copyOf(sightings.values()),
        cap,
        resultJson,
        Map.copyOf(scopeRules));
  }

  /**
   * The config's scopes of a tool and those of McpScopes granting it (a hand-written config may
   * name a grant only on the McpScope side); the default one-to-one scope when there are none.
   */
  private static List<String> scopesOf(
      UpstreamConfig upstream,
      String name,
      String exposed,
      Optional<ToolConfig> policy,
      Map<String, TreeSet<String>> grantsByTool) {
    TreeSet<String> scopes = new TreeSet<>();
    policy.ifPresent(p -> scopes.addAll(p.scopes()));
    if (scopes.isEmpty()) {
      scopes.add(ToolgateNames.defaultScope(upstream.toolPrefix(), name));
    }
    scopes.addAll(grantsByTool.getOrDefault(exposed, new TreeSet<>()));
    return List.copyOf(scopes);
  }

  private static String key(String upstreamId, String upstreamName) {
    return upstreamId + '\n' + upstreamName;
  }

  private static long timeout(UpstreamConfig upstream, Optional<ToolConfig> policy, long cap) {
    String text = policy.map(ToolConfig::timeout).filter(t -> t != null).orElse(upstream.timeout());
    long millis = text == null ? DEFAULT_TIMEOUT.toMillis() : Durations.parse(text).toMillis();
    return Math.min(millis, cap);
  }

  public Optional<UpstreamConfig> passthrough(String path) {
    return Optional.ofNullable(byPath.get(path));
  }

  /** Every upstream of the config, in config order. */
  public Collection<UpstreamConfig> upstreams() {
    return byId.values();
  }

  public Optional<UpstreamConfig> upstream(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /**
   * The upstream whose prompts and resources carry {@code toolPrefix} on the aggregated endpoint.
   */
  public Optional<UpstreamConfig> upstreamByPrefix(String toolPrefix) {
    return Optional.ofNullable(byPrefix.get(toolPrefix));
  }

  public Optional<ToolRoute> tool(String exposedName) {
    return Optional.ofNullable(tools.get(exposedName));
  }

  /** An exposed tool by the name its worker knows it by (the passthrough endpoint's view). */
  public Optional<ToolRoute> exposedTool(String upstreamId, String upstreamName) {
    return Optional.ofNullable(byUpstreamTool.get(key(upstreamId, upstreamName)));
  }

  /**
   * The timeout of a passthrough request other than a tool call: the worker's, else the default.
   */
  public long timeoutMillis(UpstreamConfig upstream) {
    return timeout(upstream, Optional.empty(), maxTimeoutMillis);
  }

  /**
   * A tool found at run time that is not exposed: an earlier tool in the config's order (another
   * upstream's, or the same server's listing that name twice) has its exposed name.
   *
   * @param upstream the id of the upstream whose tool is dropped
   * @param tool its name on that server
   * @param exposedName the name it would have had
   * @param owner the id of the upstream that keeps the name
   */
  public record NameCollision(String upstream, String tool, String exposedName, String owner) {
    @Override
    public String toString() {
      return "tool "
          + tool
          + " of "
          + upstream
          + " is not exposed: its name "
          + exposedName
          + " is taken by "
          + owner;
    }
  }

  /** Tools not exposed because another tool has their name, in the config's order. */
  public List<NameCollision> collisions() {
    return collisions;
  }

  /**
   * Why a pinned tool is not exposed, by the name its worker knows it by: its server lists a
   * definition other than the approved one.
   */
  public Optional<SchemaDrift> drift(String upstreamId, String upstreamName) {
    return Optional.ofNullable(drifts.get(key(upstreamId, upstreamName)));
  }

  /** Why a pinned tool is not exposed, by the name it would have on the aggregated endpoint. */
  public Optional<SchemaDrift> drift(String exposedName) {
    return drifts.values().stream().filter(d -> d.exposedName().equals(exposedName)).findFirst();
  }

  /** Every pinned tool withheld because its definition drifted, in the config's order. */
  public Collection<SchemaDrift> drifts() {
    return drifts.values();
  }

  /**
   * Tools whose listed definition differs from what the config records (new, changed, gone), in the
   * config's order: what the gateway reports for the operator to record.
   */
  public List<SchemaSighting> sightings() {
    return sightings;
  }

  /** The {@code result} of {@code tools/list} on the aggregated endpoint, as JSON text. */
  public String toolsListResult() {
    return toolsListResult;
  }

  /** Every exposed tool, in list order. */
  public Collection<ToolRoute> tools() {
    return tools.values();
  }

  /** The McpScope declaring a scope string, with its limits; {@code null} when none does. */
  public ScopeConfig scopeRule(String scope) {
    return scopeRules.get(scope);
  }

  /**
   * Every scope that grants something on {@code /mcp}, sorted: the tools' scopes, and each
   * upstream's passthrough scopes, which grant its prompts and resources there.
   */
  public SortedSet<String> aggregatedScopes() {
    TreeSet<String> all = new TreeSet<>();
    tools.values().forEach(t -> all.addAll(t.scopes()));
    byId.values().forEach(u -> all.addAll(u.passthroughScopesOrDefault()));
    return all;
  }

  /** Every scope that grants something on an upstream's passthrough endpoint, sorted. */
  public SortedSet<String> passthroughScopes(UpstreamConfig upstream) {
    TreeSet<String> all = new TreeSet<>(upstream.passthroughScopesOrDefault());
    tools.values().stream()
        .filter(t -> t.upstream().id().equals(upstream.id()))
        .forEach(t -> all.addAll(t.scopes()));
    return all;
  }

  /** The {@code result} of a {@code tools/list} showing only some of the tools. */
  public String toolsListResult(java.util.function.Predicate<ToolRoute> visible) {
    StringBuilder result = new StringBuilder("{\"tools\":[");
    boolean first = true;
    for (ToolRoute tool : tools.values()) {
      if (visible.test(tool)) {
        if (!first) {
          result.append(',');
        }
        result.append(tool.listEntry());
        first = false;
      }
    }
    return result.append("]}").toString();
  }

  public int toolCount() {
    return tools.size();
  }

  /** A hash of the aggregated tool list: equal fingerprints mean the caller sees the same tools. */
  public String fingerprint() {
    return fingerprint;
  }
}
