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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code (McpTools, McpScopes, settings) -> GatewayConfig}. Names are owned: resources claim tool
 * prefixes, exposed names and scope strings oldest first ({@link NameClaims}), so a later resource
 * cannot take a name from an earlier one, whatever order the caller passed them in. The config is
 * then held to its size budget ({@link BudgetCheck}).
 */
public final class GatewayConfigCompiler {

  private GatewayConfigCompiler() {}

  /** Compiles without reading Secrets ({@link RedactionSecrets#notRead()}). */
  public static CompileResult compile(
      Collection<McpTool> tools, Collection<McpScope> scopes, CompilerSettings settings) {
    return compile(tools, scopes, settings, RedactionSecrets.notRead());
  }

  /**
   * @param secrets where the values of the Secrets McpTools redact are read and fingerprinted
   */
  public static CompileResult compile(
      Collection<McpTool> tools,
      Collection<McpScope> scopes,
      CompilerSettings settings,
      RedactionSecrets secrets) {
    List<McpTool> toolOrder = tools.stream().sorted(NameClaims.CLAIM_ORDER).toList();
    List<McpScope> scopeOrder = scopes.stream().sorted(NameClaims.CLAIM_ORDER).toList();
    List<HasMetadata> claimOrder = new ArrayList<>(toolOrder);
    claimOrder.addAll(scopeOrder);
    claimOrder.sort(NameClaims.CLAIM_ORDER);
    NameClaims names = NameClaims.of(claimOrder);

    List<Violation> violations = new ArrayList<>();
    Map<String, UpstreamConfig> upstreams =
        compileUpstreams(toolOrder, settings, secrets, names, violations);
    List<Violation> scopeViolations = new ArrayList<>();
    Map<String, ScopeConfig> compiledScopes =
        compileScopes(scopeOrder, upstreams, names, Set.of(), scopeViolations);
    GatewayConfig config = assemble(settings, upstreams, compiledScopes);

    List<Violation> budgetViolations = new ArrayList<>();
    Set<ResourceRef> dropped =
        BudgetCheck.overBudget(config, claimOrder, settings.budget(), budgetViolations);
    if (!dropped.isEmpty()) {
      upstreams.entrySet().removeIf(e -> dropped.contains(toolRef(e.getValue())));
      scopeViolations = new ArrayList<>();
      compiledScopes = compileScopes(scopeOrder, upstreams, names, dropped, scopeViolations);
      config = assemble(settings, upstreams, compiledScopes);
    }
    violations.addAll(scopeViolations);
    violations.addAll(budgetViolations);
    return new CompileResult(config, violations);
  }

  private static ResourceRef toolRef(UpstreamConfig upstream) {
    return new ResourceRef("McpTool", upstream.namespace(), upstream.name());
  }

  private static GatewayConfig assemble(
      CompilerSettings settings,
      Map<String, UpstreamConfig> upstreams,
      Map<String, ScopeConfig> scopes) {
    return new GatewayConfig(
        GatewayConfig.CURRENT_VERSION,
        settings.auth(),
        mergeGrants(upstreams.values(), scopes.values()),
        List.copyOf(scopes.values()));
  }

  /** Upstreams by id, sorted; visited in claim order so the older McpTool keeps a name. */
  private static Map<String, UpstreamConfig> compileUpstreams(
      List<McpTool> toolOrder,
      CompilerSettings settings,
      RedactionSecrets secrets,
      NameClaims names,
      List<Violation> violations) {
    UpstreamCompiler compiler = new UpstreamCompiler(settings, secrets);
    Map<String, UpstreamConfig> upstreams = new TreeMap<>();
    Map<String, ResourceRef> ownerOfExposedName = new HashMap<>();
    for (McpTool tool : toolOrder) {
      ResourceRef ref = ResourceRef.of(tool);
      Violations toolViolations = Violations.collectingInto(ref, violations);
      Optional<ResourceRef> prefixOwner = names.prefixTakenBy(ref);
      if (prefixOwner.isPresent()) {
        toolViolations.add(
            tool.getSpec().getToolPrefix() == null ? "metadata.name" : "spec.toolPrefix",
            "tool prefix "
                + NameClaims.prefixOf(tool)
                + " belongs to "
                + prefixOwner.get()
                + ", which claimed it first; set spec.toolPrefix to a prefix of your own."
                + " The McpTool is not routed",
            Violation.NAME_TAKEN);
        continue;
      }
      compiler
          .compile(tool, toolViolations)
          .map(upstream -> withOwnedNames(upstream, ref, names, ownerOfExposedName, toolViolations))
          .ifPresent(upstream -> upstreams.put(upstream.id(), upstream));
    }
    return upstreams;
  }

  /** Drops tools whose exposed name or scope belongs to someone else. */
  private static UpstreamConfig withOwnedNames(
      UpstreamConfig upstream,
      ResourceRef ref,
      NameClaims names,
      Map<String, ResourceRef> ownerOfExposedName,
      Violations violations) {
    List<ToolConfig> kept = new ArrayList<>();
    for (ToolConfig tool : upstream.tools()) {
      String field = "spec.tools[" + tool.name() + "]";
      Optional<String> takenScope =
          tool.scopes().stream().filter(s -> names.scopeTakenBy(ref, s).isPresent()).findFirst();
      if (takenScope.isPresent()) {
        violations.add(
            field + ".scopes",
            "scope "
                + takenScope.get()
                + " belongs to "
                + names.scopeTakenBy(ref, takenScope.get()).orElseThrow()
                + " in another namespace, which claimed it first; the tool is not exposed",
            Violation.NAME_TAKEN);
        continue;
      }
      ResourceRef owner =
          ownerOfExposedName.putIfAbsent(tool.exposedName().toLowerCase(Locale.ROOT), ref);
      if (owner == null || owner.equals(ref)) {
        kept.add(tool);
      } else {
        violations.add(
            field,
            "exposed name "
                + tool.exposedName()
                + " belongs to "
                + owner
                + ", which claimed it first; set spec.toolPrefix to tell them apart."
                + " The tool is not exposed",
            Violation.NAME_TAKEN);
      }
    }
    return kept.size() == upstream.tools().size() ? upstream : upstream.withTools(kept);
  }

  private static Map<String, ScopeConfig> compileScopes(
      List<McpScope> scopeOrder,
      Map<String, UpstreamConfig> upstreams,
      NameClaims names,
      Set<ResourceRef> dropped,
      List<Violation> violations) {
    ScopeCompiler compiler = new ScopeCompiler();
    Map<String, ScopeConfig> compiled = new TreeMap<>();
    for (McpScope scope : scopeOrder) {
      ResourceRef ref = ResourceRef.of(scope);
      if (dropped.contains(ref)) {
        continue;
      }
      Violations scopeViolations = Violations.collectingInto(ref, violations);
      String string = scope.getSpec() == null ? null : scope.getSpec().getScope();
      Optional<ResourceRef> owner =
          string == null ? Optional.empty() : names.scopeTakenBy(ref, string);
      if (owner.isPresent()) {
        scopeViolations.add(
            "spec.scope",
            "scope "
                + string
                + " belongs to "
                + owner.get()
                + ", which claimed it first; this one is not in force",
            Violation.NAME_TAKEN);
        continue;
      }
      compiler
          .compile(scope, upstreams, scopeViolations)
          .ifPresent(compiledScope -> compiled.put(compiledScope.scope(), compiledScope));
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
