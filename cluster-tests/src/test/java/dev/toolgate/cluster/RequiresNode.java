package dev.toolgate.cluster;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips every test of the class, each with the reason, where this machine cannot run a node ({@code
 * scripts/kube-node.sh check}: not root, no cgroups, iptables, ipset, overlayfs, ...).
 */
final class RequiresNode implements ExecutionCondition {

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    String reason = KubeNode.cannotRun();
    return reason == null
        ? ConditionEvaluationResult.enabled("a node can run here")
        : ConditionEvaluationResult.disabled(reason);
  }
}
