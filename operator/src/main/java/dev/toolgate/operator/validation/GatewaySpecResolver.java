package dev.toolgate.operator.validation;

import dev.toolgate.api.ToolgateNames;
import dev.toolgate.api.compiler.CompilerSettings;
import dev.toolgate.api.compiler.ConfigBudget;
import dev.toolgate.api.config.Durations;
import dev.toolgate.api.v1alpha1.GatewayLimits;
import dev.toolgate.api.v1alpha1.McpGatewaySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns an McpGateway's spec into the compiler's settings: each limit it sets replaces the
 * operator's flag, each one it leaves out keeps it. What the CRD schema cannot say (a total budget
 * above what a ConfigMap holds) is a problem, not an exception.
 */
public final class GatewaySpecResolver {

  /**
   * @param settings what the compiler holds McpTools to for this gateway
   * @param namespaces the namespaces served; empty for every watched one
   * @param problems what is wrong with the spec; when not empty, {@code settings} are the defaults
   */
  public record Resolved(CompilerSettings settings, Set<String> namespaces, List<String> problems) {

    public Resolved {
      namespaces = Set.copyOf(namespaces);
      problems = List.copyOf(problems);
    }

    public boolean isValid() {
      return problems.isEmpty();
    }

    public boolean serves(String namespace) {
      if (ToolgateNames.NEVER_SERVED_NAMESPACE.equals(namespace)) {
        return false;
      }
      return namespaces.isEmpty() || namespaces.contains(namespace);
    }
  }

  private GatewaySpecResolver() {}

  public static Resolved resolve(McpGatewaySpec spec, CompilerSettings defaults) {
    Set<String> namespaces =
        spec == null || spec.getNamespaces() == null ? Set.of() : Set.copyOf(spec.getNamespaces());
    GatewayLimits limits = spec == null ? null : spec.getLimits();
    if (limits == null) {
      return new Resolved(defaults, namespaces, List.of());
    }
    List<String> problems = new ArrayList<>();
    CompilerSettings settings = defaults;
    if (limits.getMaxToolTimeout() != null) {
      try {
        Duration bound = Durations.parse(limits.getMaxToolTimeout());
        if (bound.isZero()) {
          problems.add("spec.limits.maxToolTimeout: must be longer than zero");
        } else {
          settings = settings.withMaxTimeout(bound);
        }
      } catch (IllegalArgumentException e) {
        problems.add("spec.limits.maxToolTimeout: " + e.getMessage());
      }
    }
    Long perNamespace =
        bytes(
            limits.getConfigBudgetPerNamespace(), "spec.limits.configBudgetPerNamespace", problems);
    Long total = bytes(limits.getConfigBudgetTotal(), "spec.limits.configBudgetTotal", problems);
    if (perNamespace != null || total != null) {
      try {
        settings =
            settings.withBudget(
                new ConfigBudget(
                    perNamespace == null ? defaults.budget().perNamespace() : perNamespace,
                    total == null ? defaults.budget().total() : total));
      } catch (IllegalArgumentException e) {
        problems.add(
            (total == null
                    ? "spec.limits.configBudgetPerNamespace"
                    : "spec.limits.configBudgetTotal")
                + ": "
                + e.getMessage());
      }
    }
    return problems.isEmpty()
        ? new Resolved(settings, namespaces, List.of())
        : new Resolved(defaults, namespaces, problems);
  }

  private static Long bytes(String value, String field, List<String> problems) {
    if (value == null) {
      return null;
    }
    try {
      return ConfigBudget.parseBytes(value);
    } catch (IllegalArgumentException e) {
      problems.add(field + ": " + e.getMessage());
      return null;
    }
  }
}
