package dev.toolgate.operator.status;

import dev.toolgate.api.compiler.Violation;
import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.operator.routing.ToolRoute;
import java.util.List;
import java.util.Optional;

/**
 * Everything an McpTool's status is computed from.
 *
 * @param tool the McpTool as the reconciler saw it, with its current status
 * @param specViolations what the validator found in the worker spec
 * @param workload the worker Deployment's state; empty for remote tools or before it exists
 * @param route the latest compile's verdict on this tool; empty before the first compile
 * @param unenforcedHosts declared egress hosts nothing enforces (no Cilium in the cluster)
 * @param endpoint where the gateway reaches the server
 * @param wideningPolicies other NetworkPolicies that select the worker's pods and allow traffic
 */
public record ToolObservation(
    McpTool tool,
    List<Violation> specViolations,
    Optional<WorkloadObservation> workload,
    Optional<ToolRoute> route,
    List<String> unenforcedHosts,
    String endpoint,
    List<String> wideningPolicies) {

  public ToolObservation {
    specViolations = List.copyOf(specViolations);
    unenforcedHosts = List.copyOf(unenforcedHosts);
    wideningPolicies = List.copyOf(wideningPolicies);
  }

  /** An observation with no other NetworkPolicy selecting the worker. */
  public ToolObservation(
      McpTool tool,
      List<Violation> specViolations,
      Optional<WorkloadObservation> workload,
      Optional<ToolRoute> route,
      List<String> unenforcedHosts,
      String endpoint) {
    this(tool, specViolations, workload, route, unenforcedHosts, endpoint, List.of());
  }

  public long generation() {
    Long generation = tool.getMetadata().getGeneration();
    return generation == null ? 0L : generation;
  }

  public boolean isRemote() {
    return tool.getSpec() != null && tool.getSpec().getRemote() != null;
  }
}
