package dev.toolgate.api.compiler;

import dev.toolgate.api.config.GatewayConfig;
import dev.toolgate.api.config.ScopeConfig;
import dev.toolgate.api.config.ToolConfig;
import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.api.v1alpha1.McpScope;
import dev.toolgate.api.v1alpha1.McpTool;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code (McpTools, McpScopes, settings) -> GatewayConfig}. Resources are visited in namespace/name
 * order, so when two claim the same exposed tool name or scope string the first one keeps it,
 * whatever order the caller passed them in.
 */
public final class GatewayConfigCompiler {

  private static final Comparator<HasMetadata> BY_NAMESPACE_AND_NAME =
      Comparator.comparing((HasMetadata r) -> r.getMetadata().getNamespace())
          .thenComparing(r -> r.getMetadata().getName());

  private GatewayConfigCompiler() {}

  public static CompileResult compile(
      Collection<McpTool> tools, Collection<McpScope> scopes, CompilerSettings settings) {
    List<Violation> violations = new ArrayList<>();
    Map<String, UpstreamConfig> upstreams = compileUpstreams(tools, settings, violations);
    Map<String, ScopeConfig> compiledScopes = compileScopes(scopes, upstreams, violations);
    List<UpstreamConfig> withGrants = mergeGrants(upstreams.values(), compiledScopes.values());
    GatewayConfig config =
        new GatewayConfig(
            GatewayConfig.CURRENT_VERSION,
            settings.auth(),
            withGrants,
            List.copyOf(compiledScopes.values()));
    return new CompileResult(config, violations);
  }

  private static Map<String, UpstreamConfig> compileUpstreams(
      Collection<McpTool> tools, CompilerSettings settings, List<Violation> violations) {
    UpstreamCompiler compiler = new UpstreamCompiler(settings);
    Map<String, UpstreamConfig> upstreams = new TreeMap<>();
    Map<String, String> ownerOfExposedName = new HashMap<>();
    for (McpTool tool : tools.stream().sorted(BY_NAMESPACE_AND_NAME).toList()) {
      Violations toolViolations = Violations.collectingInto(ResourceRef.of(tool), violations);
      compiler
          .compile(tool, toolViolations)
          .map(upstream -> withoutTakenNames(upstream, ownerOfExposedName, toolViolations))
          .ifPresent(upstream -> upstreams.put(upstream.id(), upstream));
    }
    return upstreams;
  }

  /** Drops tools whose exposed name an earlier McpTool already uses. */
  private static UpstreamConfig withoutTakenNames(
      UpstreamConfig upstream, Map<String, String> ownerOfExposedName, Violations violations) {
    List<ToolConfig> kept = new ArrayList<>();
    for (ToolConfig tool : upstream.tools()) {
      String owner = ownerOfExposedName.putIfAbsent(tool.exposedName(), upstream.id());
      if (owner == null) {
        kept.add(tool);
      } else {
        violations.add(
            "spec.tools[" + tool.name() + "]",
            "exposed name "
                + tool.exposedName()
                + " is already used by McpTool "
                + owner
                + "; set spec.toolPrefix to tell them apart. The tool is not exposed");
      }
    }
    return kept.size() == upstream.tools().size() ? upstream : upstream.withTools(kept);
  }

  private static Map<String, ScopeConfig> compileScopes(
      Collection<McpScope> scopes,
      Map<String, UpstreamConfig> upstreams,
      List<Violation> violations) {
    ScopeCompiler compiler = new ScopeCompiler();
    Map<String, ScopeConfig> compiled = new TreeMap<>();
    for (McpScope scope : scopes.stream().sorted(BY_NAMESPACE_AND_NAME).toList()) {
      Violations scopeViolations = Violations.collectingInto(ResourceRef.of(scope), violations);
      compiler
          .compile(scope, upstreams, scopeViolations)
          .ifPresent(
              compiledScope -> {
                ScopeConfig earlier = compiled.putIfAbsent(compiledScope.scope(), compiledScope);
                if (earlier != null) {
                  scopeViolations.add(
                      "spec.scope",
                      "scope "
                          + compiledScope.scope()
                          + " is already declared by McpScope "
                          + earlier.source()
                          + "; this one is not in force");
                }
              });
    }
    return compiled;
  }

  /** Adds each McpScope to the scopes of every tool it grants. */
  private static List<UpstreamConfig> mergeGrants(
      Collection<UpstreamConfig> upstreams, Collection<ScopeConfig> scopes) {
    Map<String, TreeSet<String>> grantsByTool = new HashMap<>();
    for (ScopeConfig scope : scopes) {
      for (String tool : scope.tools()) {
        grantsByTool.computeIfAbsent(tool, t -> new TreeSet<>()).add(scope.scope());
      }
    }
    List<UpstreamConfig> merged = new ArrayList<>();
    for (UpstreamConfig upstream : upstreams) {
      List<ToolConfig> tools = new ArrayList<>();
      for (ToolConfig tool : upstream.tools()) {
        TreeSet<String> all = new TreeSet<>(tool.scopes());
        all.addAll(grantsByTool.getOrDefault(tool.exposedName(), new TreeSet<>()));
        tools.add(tool.withScopes(List.copyOf(all)));
      }
      merged.add(upstream.withTools(tools));
    }
    return merged;
  }
}
