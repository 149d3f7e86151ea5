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
 */
public record ToolObservation(
    McpTool tool,
    List<Violation> specViolations,
    Optional<WorkloadObservation> workload,
    Optional<ToolRoute> route,
    List<String> unenforcedHosts,
    String endpoint) {

  public ToolObservation {
    specViolations = List.copyOf(specViolations);
    unenforcedHosts = List.copyOf(unenforcedHosts);
  }

  public long generation() {
    Long generation = tool.getMetadata().getGeneration();
    return generation == null ? 0L : generation;
  }

  public boolean isRemote() {
    return tool.getSpec() != null && tool.getSpec().getRemote() != null;
  }
}
