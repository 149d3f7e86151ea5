package dev.toolgate.operator.status;

import static dev.toolgate.operator.status.ConditionStatus.FALSE;
import static dev.toolgate.operator.status.ConditionStatus.TRUE;
import static dev.toolgate.operator.status.ConditionStatus.UNKNOWN;

import dev.toolgate.api.compiler.Violation;
import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.api.v1alpha1.ExposedTool;
import dev.toolgate.api.v1alpha1.McpToolStatus;
import dev.toolgate.operator.routing.GatewayVerdict;
import dev.toolgate.operator.routing.GatewayVerdict.NameCollision;
import dev.toolgate.operator.routing.ToolRoute;
import dev.toolgate.operator.status.ConditionTypes.Reasons;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Computes an McpTool's status: WorkloadReady from the Deployment, Routed from the latest compile
 * and the gateway's report (True only once the gateway loaded a config holding the route as
 * compiled), the exposed tools from the compile, PolicyValid from the validator, the compiler and
 * egress enforcement, SandboxIsolated from the namespace's NetworkPolicies, and Ready from those.
 * Before the first compile after a restart the compiler's parts are carried over as they stand, so
 * a restart rewrites nothing.
 */
public final class ToolStatusCalculator {

  private final Clock clock;

  public ToolStatusCalculator(Clock clock) {
    this.clock = clock;
  }

  public Clock clock() {
    return clock;
  }

  public McpToolStatus compute(ToolObservation observed) {
    McpToolStatus previous = observed.tool().getStatus();
    List<Condition> previousConditions =
        previous == null ? List.of() : nullToEmpty(previous.getConditions());

    DesiredCondition workload = workloadReady(observed);
    DesiredCondition routed = routed(observed, previousConditions);
    DesiredCondition policy = policyValid(observed, previousConditions);
    DesiredCondition sandbox = sandboxIsolated(observed);
    List<ExposedTool> tools = ToolSchemas.tools(observed.tool(), observed.route(), clock);
    List<DesiredCondition> parts = new ArrayList<>(List.of(workload, routed, policy, sandbox));
    ToolSchemas.approved(observed.tool(), tools, observed.generation()).ifPresent(parts::add);
    DesiredCondition ready = ready(observed.generation(), parts);
    List<DesiredCondition> all = new ArrayList<>(List.of(ready));
    all.addAll(parts);

    McpToolStatus status = new McpToolStatus();
    status.setObservedGeneration(observed.generation());
    status.setConditions(Conditions.merge(previousConditions, all, clock));
    status.setEndpoint(observed.endpoint());
    status.setTools(tools);
    return status;
  }

  private DesiredCondition workloadReady(ToolObservation observed) {
    long generation = observed.generation();
    String type = ConditionTypes.WORKLOAD_READY;
    if (observed.isRemote()) {
      return new DesiredCondition(
          type,
          TRUE,
          Reasons.REMOTE_SERVER,
          "No workload: the server runs outside the cluster at " + observed.endpoint(),
          generation);
    }
    if (observed.workload().isEmpty()) {
      return observed.specViolations().isEmpty()
          ? new DesiredCondition(
              type,
              FALSE,
              Reasons.WORKLOAD_PENDING,
              "The worker Deployment does not exist yet",
              generation)
          : new DesiredCondition(
              type,
              FALSE,
              Reasons.forViolations(observed.specViolations(), Reasons.INVALID_SPEC),
              "No worker is created until the spec is valid; see PolicyValid",
              generation);
    }
    WorkloadObservation workload = observed.workload().get();
    String pods = " of " + workload.desired() + " pods";
    if (workload.desired() > 0 && !workload.isServing() && workload.podProblem() != null) {
      PodProblem problem = workload.podProblem();
      return new DesiredCondition(
          type,
          FALSE,
          problem.reason(),
          workload.available() + pods + " are available; " + problem.message(),
          generation);
    }
    if (workload.stalled() != null) {
      return new DesiredCondition(
          type, FALSE, Reasons.PROGRESS_DEADLINE_EXCEEDED, workload.stalled(), generation);
    }
    if (workload.desired() == 0) {
      return new DesiredCondition(
          type,
          FALSE,
          Reasons.SCALED_TO_ZERO,
          "spec.replicas is 0: no pod serves calls",
          generation);
    }
    if (!workload.rolledOut() || workload.updated() < workload.desired()) {
      return new DesiredCondition(
          type,
          FALSE,
          Reasons.ROLLING_OUT,
          workload.updated() + pods + " run the current configuration",
          generation);
    }
    if (workload.available() < workload.desired()) {
      return new DesiredCondition(
          type,
          FALSE,
          Reasons.PODS_UNAVAILABLE,
          workload.available() + pods + " are available",
          generation);
    }
    return new DesiredCondition(
        type,
        TRUE,
        Reasons.PODS_AVAILABLE,
        workload.available() + pods + " are available",
        generation);
  }

  private DesiredCondition sandboxIsolated(ToolObservation observed) {
    String type = ConditionTypes.SANDBOX_ISOLATED;
    if (observed.isRemote()) {
      return new DesiredCondition(
          type,
          TRUE,
          Reasons.REMOTE_SERVER,
          "No worker runs in the cluster: the server is remote",
          observed.generation());
    }
    List<String> others = observed.wideningPolicies();
    if (!others.isEmpty()) {
      return new DesiredCondition(
          type,
          FALSE,
          Reasons.WIDENED_BY_POLICY,
          (others.size() == 1 ? "NetworkPolicy " : "NetworkPolicies ")
              + String.join(", ", others)
              + (others.size() == 1 ? " also selects" : " also select")
              + " the worker's pods and allows traffic this McpTool does not declare;"
              + " NetworkPolicies add up, so the sandbox is wider than spec.sandbox",
          observed.generation());
    }
    return new DesiredCondition(
        type,
        TRUE,
        Reasons.ISOLATED,
        "Only the worker's own NetworkPolicy selects its pods",
        observed.generation());
  }

  private DesiredCondition routed(ToolObservation observed, List<Condition> previous) {
    String type = ConditionTypes.ROUTED;
    if (observed.route().isEmpty()) {
      return untilCompiled(
          previous, type, "Waiting for the gateway config to include this McpTool", observed);
    }
    ToolRoute route = observed.route().get();
    if (route.excluded() != null) {
      return new DesiredCondition(
          type, FALSE, route.excluded().reason(), route.excluded().message(), route.generation());
    }
    if (route.upstream() == null) {
      return new DesiredCondition(
          type,
          FALSE,
          Reasons.forViolations(route.violations(), Reasons.NOT_ROUTED),
          describe(route.violations()),
          route.generation());
    }
    UpstreamConfig upstream = route.upstream();
    GatewayVerdict gateway = route.gateway();
    if (gateway == null || gateway.kind() == GatewayVerdict.Kind.AWAITING) {
      return new DesiredCondition(
          type, FALSE, Reasons.AWAITING_GATEWAY, awaiting(gateway), route.generation());
    }
    if (gateway.kind() == GatewayVerdict.Kind.REJECTED) {
      return new DesiredCondition(
          type,
          FALSE,
          Reasons.CONFIG_REJECTED,
          "The gateway rejected the config that holds this route and keeps serving "
              + (gateway.loadedHash() == null ? "no config" : gateway.loadedHash())
              + (gateway.rejection() == null ? "" : ": " + gateway.rejection()),
          route.generation());
    }
    if (gateway.kind() == GatewayVerdict.Kind.NAME_TAKEN) {
      return new DesiredCondition(
          type,
          FALSE,
          Reasons.NAME_TAKEN,
          nameTaken(upstream, gateway.collisions()),
          route.generation());
    }
    String exposed =
        upstream.exposesAll()
            ? "every tool the server lists"
            : upstream.tools().size() + (upstream.tools().size() == 1 ? " tool" : " tools");
    return new DesiredCondition(
        type,
        TRUE,
        Reasons.ROUTED,
        "The gateway exposes "
            + exposed
            + " on /mcp and relays the server at "
            + upstream.passthroughPath(),
        route.generation());
  }

  private static String awaiting(GatewayVerdict gateway) {
    if (gateway == null) {
      return "Compiled; waiting for the gateway to report the config it loaded";
    }
    return "Compiled into gateway config "
        + gateway.compiledHash()
        + "; the gateway has not loaded a config with this route yet ("
        + (gateway.loadedHash() == null
            ? "it has reported no config"
            : "it serves " + gateway.loadedHash())
        + ")";
  }

  private static String nameTaken(UpstreamConfig upstream, List<NameCollision> collisions) {
    List<String> each = new ArrayList<>();
    for (NameCollision collision : collisions) {
      each.add(
          "tool "
              + collision.tool()
              + " as "
              + collision.exposedName()
              + (upstream.id().equals(collision.owner())
                  ? ": the server lists that name twice and the first one keeps it"
                  : ": " + collision.owner() + " keeps that name"));
    }
    return "The gateway does not expose "
        + String.join("; ", each)
        + ". Found at run time (exposeAll); the gateway serves the other tools of this McpTool";
  }

  private DesiredCondition policyValid(ToolObservation observed, List<Condition> previous) {
    String type = ConditionTypes.POLICY_VALID;
    List<String> problems = new ArrayList<>();
    String reason = null;
    if (!observed.specViolations().isEmpty()) {
      reason = Reasons.forViolations(observed.specViolations(), Reasons.INVALID_SPEC);
      problems.add(describe(observed.specViolations()));
    }
    if (observed.route().isPresent() && !observed.route().get().violations().isEmpty()) {
      List<Violation> compiled = observed.route().get().violations();
      reason = reason == null ? Reasons.forViolations(compiled, Reasons.INVALID_POLICY) : reason;
      problems.add(describe(compiled));
    }
    if (!observed.unenforcedHosts().isEmpty()) {
      reason = reason == null ? Reasons.HOST_EGRESS_NOT_ENFORCED : reason;
      problems.add(
          "egress to "
              + String.join(", ", observed.unenforcedHosts())
              + " cannot be enforced: host rules need Cilium (CiliumNetworkPolicy), which this"
              + " cluster does not have; the worker's traffic to these hosts is denied");
    }
    long generation =
        observed
            .route()
            .map(r -> Math.min(r.generation(), observed.generation()))
            .orElse(observed.generation());
    if (reason != null) {
      return new DesiredCondition(type, FALSE, reason, String.join("; ", problems), generation);
    }
    if (observed.route().isPresent() && observed.route().get().excluded() != null) {
      return new DesiredCondition(
          type,
          UNKNOWN,
          observed.route().get().excluded().reason(),
          "The compiler has not checked the tool policies: see Routed",
          generation);
    }
    if (observed.route().isEmpty()) {
      return untilCompiled(previous, type, "Waiting for the gateway config compiler", observed);
    }
    return new DesiredCondition(
        type, TRUE, Reasons.VALID, "The spec and every tool policy are in force", generation);
  }

  /**
   * Before the first compile that includes this McpTool: keep what the condition said, or say
   * Unknown.
   */
  private static DesiredCondition untilCompiled(
      List<Condition> previous, String type, String message, ToolObservation observed) {
    return Conditions.carryOver(previous, type)
        .orElse(
            new DesiredCondition(type, UNKNOWN, Reasons.COMPILING, message, observed.generation()));
  }

  /** Ready is True when the others are; otherwise it names the first one that is not. */
  static DesiredCondition ready(long generation, List<DesiredCondition> parts) {
    Optional<DesiredCondition> failing =
        parts.stream()
            .filter(c -> c.status() == FALSE)
            .findFirst()
            .or(() -> parts.stream().filter(c -> c.status() == UNKNOWN).findFirst());
    if (failing.isEmpty()) {
      return new DesiredCondition(
          ConditionTypes.READY, TRUE, Reasons.READY, "Routed, valid and serving", generation);
    }
    DesiredCondition cause = failing.get();
    return new DesiredCondition(
        ConditionTypes.READY,
        cause.status(),
        cause.reason(),
        cause.type() + ": " + cause.message(),
        generation);
  }

  static String describe(List<Violation> violations) {
    if (violations.isEmpty()) {
      return "";
    }
    return violations.stream()
        .map(v -> v.field() + ": " + v.message())
        .collect(Collectors.joining("; "));
  }

  private static <T> List<T> nullToEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
