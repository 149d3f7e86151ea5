package dev.toolgate.operator.status;

import static dev.toolgate.operator.status.ConditionStatus.FALSE;
import static dev.toolgate.operator.status.ConditionStatus.TRUE;

import dev.toolgate.api.v1alpha1.McpScope;
import dev.toolgate.api.v1alpha1.McpScopeStatus;
import dev.toolgate.operator.routing.ScopeGrant;
import dev.toolgate.operator.status.ConditionTypes.Reasons;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Computes an McpScope's status from the latest compile: the exposed tools it grants, PolicyValid
 * for its grants and limits, and Ready when it is fully in force (or why it was not compiled: no
 * McpGateway, or one that does not serve its namespace). Before the first compile the status stands
 * as it is.
 */
public final class ScopeStatusCalculator {

  private final Clock clock;

  public ScopeStatusCalculator(Clock clock) {
    this.clock = clock;
  }

  public Clock clock() {
    return clock;
  }

  /**
   * @return the new status, or empty when nothing is known yet and the current status stands
   */
  public Optional<McpScopeStatus> compute(McpScope scope, Optional<ScopeGrant> grant) {
    if (grant.isEmpty()) {
      return Optional.empty();
    }
    McpScopeStatus previous = scope.getStatus();
    List<Condition> previousConditions =
        previous == null || previous.getConditions() == null ? List.of() : previous.getConditions();
    ScopeGrant verdict = grant.get();
    long generation = verdict.generation();
    boolean inForce = verdict.scope() != null;
    String problems = ToolStatusCalculator.describe(verdict.violations());

    DesiredCondition policy;
    DesiredCondition ready;
    if (verdict.excluded() != null) {
      policy =
          new DesiredCondition(
              ConditionTypes.POLICY_VALID,
              ConditionStatus.UNKNOWN,
              verdict.excluded().reason(),
              "The compiler has not checked the grants: see Ready",
              generation);
    } else if (!inForce) {
      policy =
          new DesiredCondition(
              ConditionTypes.POLICY_VALID,
              FALSE,
              Reasons.forViolations(verdict.violations(), Reasons.NOT_IN_FORCE),
              problems,
              generation);
    } else if (!verdict.violations().isEmpty()) {
      policy =
          new DesiredCondition(
              ConditionTypes.POLICY_VALID, FALSE, Reasons.INVALID_GRANT, problems, generation);
    } else {
      policy =
          new DesiredCondition(
              ConditionTypes.POLICY_VALID, TRUE, Reasons.VALID, "Every grant resolves", generation);
    }
    if (verdict.excluded() != null) {
      ready =
          new DesiredCondition(
              ConditionTypes.READY,
              FALSE,
              verdict.excluded().reason(),
              verdict.excluded().message(),
              generation);
    } else if (policy.isTrue()) {
      ready =
          new DesiredCondition(
              ConditionTypes.READY,
              TRUE,
              Reasons.IN_FORCE,
              "Scope "
                  + verdict.scope().scope()
                  + " grants "
                  + String.join(", ", verdict.scope().tools()),
              generation);
    } else {
      ready = ToolStatusCalculator.ready(generation, List.of(policy));
    }

    McpScopeStatus status = new McpScopeStatus();
    status.setObservedGeneration(generation);
    status.setConditions(Conditions.merge(previousConditions, List.of(ready, policy), clock));
    status.setGrantedTools(inForce ? List.copyOf(verdict.scope().tools()) : null);
    return Optional.of(status);
  }
}
