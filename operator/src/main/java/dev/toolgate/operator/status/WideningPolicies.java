package dev.toolgate.operator.status;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * NetworkPolicies are additive: any other policy that selects a worker's pods and has rules lets
 * through whatever those rules allow, beside the worker's own default-deny policy. This finds them.
 */
public final class WideningPolicies {

  private WideningPolicies() {}

  /**
   * @param podLabels the labels of the worker's pods
   * @param isOwn tells the worker's own policy, which is not counted
   * @return the names of the other policies that select the pods and allow some traffic, sorted
   */
  public static List<String> find(
      Map<String, String> podLabels,
      Collection<NetworkPolicy> policies,
      Predicate<NetworkPolicy> isOwn) {
    return policies.stream()
        .filter(p -> !isOwn.test(p))
        .filter(p -> p.getSpec() != null && matches(p.getSpec().getPodSelector(), podLabels))
        .filter(p -> allowsSomething(p.getSpec()))
        .map(p -> p.getMetadata().getName())
        .sorted()
        .toList();
  }

  /** Rules count for the directions the policy applies to (Ingress always when types are unset). */
  private static boolean allowsSomething(NetworkPolicySpec spec) {
    List<String> types = spec.getPolicyTypes();
    boolean ingress = types == null || types.isEmpty() || types.contains("Ingress");
    boolean egressRules = spec.getEgress() != null && !spec.getEgress().isEmpty();
    boolean egress = (types == null || types.isEmpty()) ? egressRules : types.contains("Egress");
    return (ingress && spec.getIngress() != null && !spec.getIngress().isEmpty())
        || (egress && egressRules);
  }

  /** Label selector semantics: every matchLabels entry and every expression holds; empty is all. */
  static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return true;
    }
    if (selector.getMatchLabels() != null) {
      for (Map.Entry<String, String> wanted : selector.getMatchLabels().entrySet()) {
        if (!wanted.getValue().equals(labels.get(wanted.getKey()))) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
        if (!holds(requirement, labels)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean holds(LabelSelectorRequirement requirement, Map<String, String> labels) {
    String value = labels.get(requirement.getKey());
    List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
    return switch (requirement.getOperator()) {
      case "In" -> value != null && values.contains(value);
      case "NotIn" -> value == null || !values.contains(value);
      case "Exists" -> value != null;
      case "DoesNotExist" -> value == null;
      default -> false;
    };
  }
}
