package dev.toolgate.api.compiler;

import dev.toolgate.api.ToolgateNames;
import dev.toolgate.api.config.BudgetConfig;
import dev.toolgate.api.config.Durations;
import dev.toolgate.api.config.GatewayConfigValidator;
import dev.toolgate.api.config.RateLimitConfig;
import dev.toolgate.api.config.ScopeConfig;
import dev.toolgate.api.config.ToolConfig;
import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.api.v1alpha1.Budget;
import dev.toolgate.api.v1alpha1.McpScope;
import dev.toolgate.api.v1alpha1.McpScopeSpec;
import dev.toolgate.api.v1alpha1.Subjects;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Compiles one McpScope against the compiled upstreams. A grant that cannot be resolved is dropped
 * (less access, never more); a scope whose own limits are broken is dropped whole.
 */
final class ScopeCompiler {

  /**
   * @param upstreams compiled upstreams by id ({@code <namespace>/<name>})
   */
  Optional<ScopeConfig> compile(
      McpScope resource, Map<String, UpstreamConfig> upstreams, Violations violations) {
    McpScopeSpec spec = resource.getSpec();
    if (spec == null) {
      violations.add("spec", "required");
      return Optional.empty();
    }
    if (spec.getScope() == null || !Checks.SCOPE_TOKEN.matcher(spec.getScope()).matches()) {
      violations.add("spec.scope", "'" + spec.getScope() + "' is not a valid OAuth scope");
      return Optional.empty();
    }
    if (ToolgateNames.isReservedScope(spec.getScope())) {
      violations.add(
          "spec.scope",
          "'"
              + spec.getScope()
              + "' starts with "
              + ToolgateNames.RESERVED_SCOPE_PREFIX
              + ", which is reserved for the gateway's own scopes; the scope is not in force");
      return Optional.empty();
    }
    String lifetime = spec.getMaxTokenLifetime();
    if (lifetime != null) {
      if (Checks.duration(violations, "spec.maxTokenLifetime", lifetime) == null) {
        return Optional.empty();
      }
      if (Durations.parse(lifetime).compareTo(GatewayConfigValidator.MAX_TOKEN_LIFETIME) > 0) {
        violations.add(
            "spec.maxTokenLifetime",
            lifetime + " is above the 15m limit on access tokens; the scope is not in force");
        return Optional.empty();
      }
    }
    RateLimitConfig rateLimit = null;
    if (spec.getRateLimit() != null) {
      rateLimit = Checks.rateLimit(violations, "spec.rateLimit", spec.getRateLimit());
      if (rateLimit == null) {
        return Optional.empty();
      }
    }
    BudgetConfig budget = null;
    if (spec.getBudget() != null) {
      budget = budget(spec.getBudget(), violations);
      if (budget == null) {
        return Optional.empty();
      }
    }
    TreeSet<String> granted = grants(resource, spec.getTools(), upstreams, violations);
    if (granted.isEmpty()) {
      violations.add("spec.tools", "grants no tool that exists; the scope is not in force");
      return Optional.empty();
    }
    return Optional.of(
        new ScopeConfig(
            spec.getScope(),
            ResourceRef.of(resource).id(),
            List.copyOf(granted),
            subjects(spec.getSubjects(), violations),
            lifetime,
            rateLimit,
            budget));
  }

  /**
   * The compiled budget, or {@code null} after recording why it is unusable (a limit: fail closed).
   */
  private static BudgetConfig budget(Budget budget, Violations violations) {
    if (budget.getUnits() == null || budget.getUnits() < 1) {
      violations.add("spec.budget.units", "must be at least 1; the scope is not in force");
      return null;
    }
    if (budget.getPeriod() == null) {
      violations.add("spec.budget.period", "required; the scope is not in force");
      return null;
    }
    if (Checks.duration(violations, "spec.budget.period", budget.getPeriod()) == null) {
      return null;
    }
    return new BudgetConfig(budget.getUnits(), budget.getPeriod());
  }

  private TreeSet<String> grants(
      McpScope resource,
      List<String> refs,
      Map<String, UpstreamConfig> upstreams,
      Violations violations) {
    TreeSet<String> granted = new TreeSet<>();
    if (refs == null) {
      return granted;
    }
    String namespace = resource.getMetadata().getNamespace();
    for (int i = 0; i < refs.size(); i++) {
      String ref = refs.get(i);
      String field = "spec.tools[" + i + "]";
      int slash = ref == null ? -1 : ref.indexOf('/');
      if (slash <= 0 || slash == ref.length() - 1) {
        violations.add(field, "'" + ref + "' is not <mcptool>/<tool>");
        continue;
      }
      String toolName = ref.substring(slash + 1);
      UpstreamConfig upstream = upstreams.get(namespace + "/" + ref.substring(0, slash));
      if (upstream == null) {
        violations.add(
            field,
            "McpTool "
                + namespace
                + "/"
                + ref.substring(0, slash)
                + " does not exist or is not routed; the grant is dropped");
      } else if (toolName.equals("*")) {
        upstream.tools().forEach(t -> granted.add(t.exposedName()));
      } else {
        Optional<ToolConfig> tool = upstream.tool(toolName);
        if (tool.isPresent()) {
          granted.add(tool.get().exposedName());
        } else {
          violations.add(
              field,
              "McpTool "
                  + upstream.id()
                  + " does not expose tool "
                  + toolName
                  + " (list it under spec.tools); the grant is dropped");
        }
      }
    }
    return granted;
  }

  private ScopeConfig.SubjectsConfig subjects(Subjects subjects, Violations violations) {
    if (subjects == null) {
      return null;
    }
    List<String> serviceAccounts =
        subjects.getServiceAccounts() == null ? List.of() : subjects.getServiceAccounts();
    for (String account : serviceAccounts) {
      if (account == null || !account.matches("[a-z0-9-]+/[a-z0-9.-]+")) {
        violations.add(
            "spec.subjects.serviceAccounts",
            "'" + account + "' is not <namespace>/<name>; it matches no caller");
      }
    }
    ScopeConfig.SubjectsConfig compiled =
        new ScopeConfig.SubjectsConfig(
            sorted(subjects.getGroups()), sorted(subjects.getClientIds()), sorted(serviceAccounts));
    return compiled.isUnrestricted() ? null : compiled;
  }

  private static List<String> sorted(List<String> values) {
    return values == null ? List.of() : List.copyOf(new TreeSet<>(values));
  }
}
