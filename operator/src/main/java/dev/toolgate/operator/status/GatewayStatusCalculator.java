package dev.toolgate.operator.status;

import static dev.toolgate.operator.status.ConditionStatus.FALSE;
import static dev.toolgate.operator.status.ConditionStatus.TRUE;

import dev.toolgate.api.v1alpha1.McpGateway;
import dev.toolgate.api.v1alpha1.McpGatewayStatus;
import dev.toolgate.operator.status.ConditionTypes.Reasons;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.util.List;

/**
 * Computes the operator's part of an McpGateway's status: what it compiled and whether it wrote it
 * (Ready). {@code status.gateway} is the gateway's and never part of what this returns.
 */
public final class GatewayStatusCalculator {

  /**
   * One compile for the gateway.
   *
   * @param configMap where it was written, {@code <namespace>/<name>}
   * @param hash the config's content hash
   * @param tools McpTools compiled
   * @param routedTools McpTools routed in the config
   * @param scopes McpScopes compiled
   * @param violations problems the compiler found
   */
  public record Compiled(
      String configMap, String hash, int tools, int routedTools, int scopes, int violations) {}

  private final Clock clock;

  public GatewayStatusCalculator(Clock clock) {
    this.clock = clock;
  }

  public Clock clock() {
    return clock;
  }

  public McpGatewayStatus compute(McpGateway gateway, Compiled compiled) {
    McpGatewayStatus status = new McpGatewayStatus();
    status.setObservedGeneration(generation(gateway));
    status.setConfigMap(compiled.configMap());
    status.setConfigHash(compiled.hash());
    status.setRoutedTools(compiled.routedTools());
    status.setViolations(compiled.violations());
    status.setConditions(
        Conditions.merge(
            previousConditions(gateway),
            List.of(
                new DesiredCondition(
                    ConditionTypes.READY,
                    TRUE,
                    Reasons.COMPILED,
                    "Compiled "
                        + count(compiled.tools(), "McpTool")
                        + " ("
                        + compiled.routedTools()
                        + " routed) and "
                        + count(compiled.scopes(), "McpScope")
                        + " into ConfigMap "
                        + compiled.configMap()
                        + (compiled.violations() == 0
                            ? ""
                            : "; "
                                + count(compiled.violations(), "violation")
                                + ", each shown on its resource"),
                    generation(gateway))),
            clock));
    return status;
  }

  /**
   * The spec cannot be used: Ready says why, and what was last compiled stands (the operator writes
   * no config until the spec is fixed).
   */
  public McpGatewayStatus invalid(McpGateway gateway, List<String> problems) {
    McpGatewayStatus previous = ownPart(gateway.getStatus());
    McpGatewayStatus status = previous == null ? new McpGatewayStatus() : previous;
    status.setObservedGeneration(generation(gateway));
    status.setConditions(
        Conditions.merge(
            previousConditions(gateway),
            List.of(
                new DesiredCondition(
                    ConditionTypes.READY,
                    FALSE,
                    Reasons.INVALID_SPEC,
                    String.join("; ", problems)
                        + "; no config is written until the spec is fixed, the last one stays",
                    generation(gateway))),
            clock));
    return status;
  }

  /**
   * The operator's fields of a status, copied: everything but {@code gateway}. Comparing this with
   * a computed status tells whether the operator has anything to write.
   */
  public static McpGatewayStatus ownPart(McpGatewayStatus status) {
    if (status == null) {
      return null;
    }
    McpGatewayStatus own = new McpGatewayStatus();
    own.setObservedGeneration(status.getObservedGeneration());
    own.setConditions(status.getConditions() == null ? null : List.copyOf(status.getConditions()));
    own.setConfigMap(status.getConfigMap());
    own.setConfigHash(status.getConfigHash());
    own.setRoutedTools(status.getRoutedTools());
    own.setViolations(status.getViolations());
    return own;
  }

  private static List<Condition> previousConditions(McpGateway gateway) {
    return gateway.getStatus() == null || gateway.getStatus().getConditions() == null
        ? List.of()
        : gateway.getStatus().getConditions();
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static long generation(McpGateway gateway) {
    Long generation = gateway.getMetadata().getGeneration();
    return generation == null ? 0L : generation;
  }
}
