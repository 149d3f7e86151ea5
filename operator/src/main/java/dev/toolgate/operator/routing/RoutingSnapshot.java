package dev.toolgate.operator.routing;

import dev.toolgate.api.compiler.CompileResult;
import dev.toolgate.api.compiler.ResourceRef;
import dev.toolgate.api.config.ScopeConfig;
import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.api.v1alpha1.McpScope;
import dev.toolgate.api.v1alpha1.McpTool;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** One compile's verdict on every McpTool and McpScope, by resource. */
public record RoutingSnapshot(
    Map<ResourceRef, ToolRoute> tools, Map<ResourceRef, ScopeGrant> scopes) {

  public RoutingSnapshot {
    tools = Map.copyOf(tools);
    scopes = Map.copyOf(scopes);
  }

  public static RoutingSnapshot empty() {
    return new RoutingSnapshot(Map.of(), Map.of());
  }

  /** Splits a compile result by the resources that went into it. */
  public static RoutingSnapshot of(
      Collection<McpTool> compiledTools,
      Collection<McpScope> compiledScopes,
      CompileResult result) {
    Map<ResourceRef, ToolRoute> tools = new HashMap<>();
    for (McpTool tool : compiledTools) {
      ResourceRef ref = ResourceRef.of(tool);
      UpstreamConfig upstream = result.config().upstream(ref.id()).orElse(null);
      tools.put(ref, new ToolRoute(generation(tool), upstream, result.violationsFor(ref)));
    }
    Map<ResourceRef, ScopeGrant> scopes = new HashMap<>();
    for (McpScope scope : compiledScopes) {
      ResourceRef ref = ResourceRef.of(scope);
      ScopeConfig inForce =
          result.config().scopes().stream()
              .filter(s -> ref.id().equals(s.source()))
              .findFirst()
              .orElse(null);
      scopes.put(ref, new ScopeGrant(generation(scope), inForce, result.violationsFor(ref)));
    }
    return new RoutingSnapshot(tools, scopes);
  }

  /** McpTools whose verdict differs from {@code previous}, including ones new in this snapshot. */
  public Set<ResourceRef> changedTools(RoutingSnapshot previous) {
    return changed(previous.tools, tools);
  }

  public Set<ResourceRef> changedScopes(RoutingSnapshot previous) {
    return changed(previous.scopes, scopes);
  }

  private static <V> Set<ResourceRef> changed(
      Map<ResourceRef, V> before, Map<ResourceRef, V> after) {
    Set<ResourceRef> changed = new HashSet<>();
    after.forEach(
        (ref, verdict) -> {
          if (!Objects.equals(before.get(ref), verdict)) {
            changed.add(ref);
          }
        });
    return changed;
  }

  private static long generation(HasMetadata resource) {
    Long generation = resource.getMetadata().getGeneration();
    return generation == null ? 0L : generation;
  }
}
