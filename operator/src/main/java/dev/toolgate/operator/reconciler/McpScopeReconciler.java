package dev.toolgate.operator.reconciler;

import dev.toolgate.api.compiler.ResourceRef;
import dev.toolgate.api.v1alpha1.McpGateway;
import dev.toolgate.api.v1alpha1.McpScope;
import dev.toolgate.api.v1alpha1.McpScopeStatus;
import dev.toolgate.operator.events.ConditionEvents;
import dev.toolgate.operator.routing.Exclusion;
import dev.toolgate.operator.routing.RoutingState;
import dev.toolgate.operator.routing.ScopeGrant;
import dev.toolgate.operator.status.ApplyFailure;
import dev.toolgate.operator.status.ConditionTypes;
import dev.toolgate.operator.status.Conditions;
import dev.toolgate.operator.status.ScopeStatusCalculator;
import io.fabric8.kubernetes.api.model.Condition;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports on an McpScope what the compiler made of it: which tools it grants and which grants do
 * not resolve. It owns no objects; its part of the gateway config is written by the McpGateway
 * reconciler, and {@link RoutingState} wakes it when its verdict changes.
 */
@ControllerConfiguration(name = McpScopeReconciler.NAME, fieldManager = Controllers.FIELD_MANAGER)
public class McpScopeReconciler implements Reconciler<McpScope> {

  public static final String NAME = "mcpscope";

  private static final Logger log = LoggerFactory.getLogger(McpScopeReconciler.class);

  private final RoutingState routing;
  private final ResourceID gateway;
  private final ScopeStatusCalculator statuses;
  private final ConditionEvents events;

  public McpScopeReconciler(
      RoutingState routing,
      ResourceID gateway,
      ScopeStatusCalculator statuses,
      ConditionEvents events) {
    this.routing = routing;
    this.gateway = gateway;
    this.statuses = statuses;
    this.events = events;
  }

  @Override
  public List<EventSource<?, McpScope>> prepareEventSources(EventSourceContext<McpScope> context) {
    SimpleInboundEventSource<McpScope> compiled = new SimpleInboundEventSource<>("compiled-grants");
    routing.onScopeChange(
        ref -> compiled.propagateEvent(new ResourceID(ref.name(), ref.namespace())));
    return List.of(compiled, GatewayWatch.eventSource(McpScope.class, gateway, context));
  }

  @Override
  public UpdateControl<McpScope> reconcile(McpScope scope, Context<McpScope> context) {
    Optional<McpScopeStatus> computed = statuses.compute(scope, grant(scope, context));
    if (computed.isEmpty() || StatusPatches.isSame(scope.getStatus(), computed.get())) {
      return UpdateControl.noUpdate();
    }
    McpScopeStatus status = computed.get();
    events.warnOnNewProblem(
        scope,
        scope.getStatus() == null ? List.of() : scope.getStatus().getConditions(),
        status.getConditions(),
        ConditionTypes.POLICY_VALID,
        "Compile");
    return UpdateControl.patchStatus(StatusPatches.forStatus(scope, new McpScope(), status));
  }

  private Optional<ScopeGrant> grant(McpScope scope, Context<McpScope> context) {
    Optional<McpGateway> current = GatewayWatch.current(context, gateway);
    if (current.isEmpty()) {
      Long generation = scope.getMetadata().getGeneration();
      return Optional.of(
          ScopeGrant.excluded(
              generation == null ? 0L : generation,
              Exclusion.noGateway(gateway.getNamespace().orElseThrow(), gateway.getName())));
    }
    return routing.scope(ResourceRef.of(scope), current.get().getMetadata().getUid());
  }

  /**
   * The status write failed (403, 409, 5xx, an admission denial): Ready says so while JOSDK
   * retries.
   */
  @Override
  public ErrorStatusUpdateControl<McpScope> updateErrorStatus(
      McpScope scope, Context<McpScope> context, Exception e) {
    ApplyFailure failure = ApplyFailures.describe(e);
    log.warn("McpScope {}: {}", ResourceRef.of(scope), failure.message());
    McpScopeStatus status = StatusPatches.copy(scope.getStatus(), McpScopeStatus.class);
    if (status == null) {
      status = new McpScopeStatus();
    }
    List<Condition> before = status.getConditions();
    Long generation = scope.getMetadata().getGeneration();
    status.setConditions(
        Conditions.failed(before, failure, generation == null ? 0L : generation, statuses.clock()));
    events.warnOnNewProblem(
        scope,
        before == null ? List.of() : before,
        status.getConditions(),
        ConditionTypes.READY,
        "Apply");
    return StatusPatches.isSame(scope.getStatus(), status)
        ? ErrorStatusUpdateControl.noStatusUpdate()
        : ErrorStatusUpdateControl.patchStatus(
            StatusPatches.forStatus(scope, new McpScope(), status));
  }
}
