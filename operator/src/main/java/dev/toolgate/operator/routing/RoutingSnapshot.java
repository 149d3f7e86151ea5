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
import java.util.function.Function;

/**
 * One compile's verdict on every McpTool and McpScope, by resource, with the gateway's verdict on
 * each route.
 *
 * @param gatewayUid the uid of the McpGateway the config was compiled for; {@code null} when none
 */
public record RoutingSnapshot(
    String gatewayUid, Map<ResourceRef, ToolRoute> tools, Map<ResourceRef, ScopeGrant> scopes) {

  public RoutingSnapshot {
    tools = Map.copyOf(tools);
    scopes = Map.copyOf(scopes);
  }

  public static RoutingSnapshot empty() {
    return new RoutingSnapshot(null, Map.of(), Map.of());
  }

  /** Splits a compile result by the resources that went into it; nothing known of a gateway. */
  public static RoutingSnapshot of(
      Collection<McpTool> compiledTools,
      Collection<McpScope> compiledScopes,
      CompileResult result) {
    return builder(null, result, upstream -> null).compiled(compiledTools, compiledScopes).build();
  }

  /**
   * @param gatewayUid the McpGateway compiled for
   * @param result the compile
   * @param delivery the gateway's verdict on a route of {@code result}
   */
  public static Builder builder(
      String gatewayUid, CompileResult result, Function<UpstreamConfig, GatewayVerdict> delivery) {
    return new Builder(gatewayUid, result, delivery);
  }

  /** Collects the verdicts of one compile. */
  public static final class Builder {
    private final String gatewayUid;
    private final CompileResult result;
    private final Function<UpstreamConfig, GatewayVerdict> delivery;
    private final Map<ResourceRef, ToolRoute> tools = new HashMap<>();
    private final Map<ResourceRef, ScopeGrant> scopes = new HashMap<>();

    private Builder(
        String gatewayUid,
        CompileResult result,
        Function<UpstreamConfig, GatewayVerdict> delivery) {
      this.gatewayUid = gatewayUid;
      this.result = result;
      this.delivery = delivery;
    }

    /** The resources that went into the compile. */
    public Builder compiled(
        Collection<McpTool> compiledTools, Collection<McpScope> compiledScopes) {
      for (McpTool tool : compiledTools) {
        ResourceRef ref = ResourceRef.of(tool);
        UpstreamConfig upstream = result.config().upstream(ref.id()).orElse(null);
        tools.put(
            ref,
            new ToolRoute(
                generation(tool),
                upstream,
                result.violationsFor(ref),
                upstream == null ? null : delivery.apply(upstream),
                null));
      }
      for (McpScope scope : compiledScopes) {
        ResourceRef ref = ResourceRef.of(scope);
        ScopeConfig inForce =
            result.config().scopes().stream()
                .filter(s -> ref.id().equals(s.source()))
                .findFirst()
                .orElse(null);
        scopes.put(ref, new ScopeGrant(generation(scope), inForce, result.violationsFor(ref)));
      }
      return this;
    }

    /** Resources that were left out of the compile, and why. */
    public Builder excluded(Collection<? extends HasMetadata> resources, Exclusion why) {
      for (HasMetadata resource : resources) {
        ResourceRef ref = ResourceRef.of(resource);
        if (resource instanceof McpScope) {
          scopes.put(ref, ScopeGrant.excluded(generation(resource), why));
        } else {
          tools.put(ref, ToolRoute.excluded(generation(resource), why));
        }
      }
      return this;
    }

    public RoutingSnapshot build() {
      return new RoutingSnapshot(gatewayUid, tools, scopes);
    }
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
