package dev.toolgate.operator.reconciler;

import dev.toolgate.api.ToolgateNames;
import dev.toolgate.api.compiler.ResourceRef;
import dev.toolgate.api.compiler.Violation;
import dev.toolgate.api.v1alpha1.EgressRule;
import dev.toolgate.api.v1alpha1.McpGateway;
import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.api.v1alpha1.McpToolStatus;
import dev.toolgate.operator.dependent.CiliumPresent;
import dev.toolgate.operator.dependent.CiliumSupport;
import dev.toolgate.operator.dependent.DeploymentDependent;
import dev.toolgate.operator.dependent.FqdnPolicyDependent;
import dev.toolgate.operator.dependent.HasHostEgress;
import dev.toolgate.operator.dependent.NetworkPolicyDependent;
import dev.toolgate.operator.dependent.RunsWorker;
import dev.toolgate.operator.dependent.ServiceAccountDependent;
import dev.toolgate.operator.dependent.ServiceDependent;
import dev.toolgate.operator.events.ConditionEvents;
import dev.toolgate.operator.events.SchemaChangeEvents;
import dev.toolgate.operator.model.WorkerLabels;
import dev.toolgate.operator.model.WorkerSettings;
import dev.toolgate.operator.model.WorkerSpec;
import dev.toolgate.operator.routing.Exclusion;
import dev.toolgate.operator.routing.GatewayVerdict;
import dev.toolgate.operator.routing.RoutingState;
import dev.toolgate.operator.routing.ToolRoute;
import dev.toolgate.operator.status.ApplyFailure;
import dev.toolgate.operator.status.ConditionTypes;
import dev.toolgate.operator.status.Conditions;
import dev.toolgate.operator.status.PodProblem;
import dev.toolgate.operator.status.ToolObservation;
import dev.toolgate.operator.status.ToolStatusCalculator;
import dev.toolgate.operator.status.WideningPolicies;
import dev.toolgate.operator.status.WorkloadObservation;
import dev.toolgate.operator.validation.McpToolValidator;
import dev.toolgate.operator.validation.PlatformPolicy;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles an McpTool: validates the worker spec, applies the worker objects when it is valid
 * (the last valid ones keep running when it is not), and writes the status. The compiler's and the
 * gateway's verdict comes from {@link RoutingState}, which wakes this reconciler when it changes.
 */
@Workflow(
    explicitInvocation = true,
    dependents = {
      @Dependent(
          name = "service-account",
          type = ServiceAccountDependent.class,
          reconcilePrecondition = RunsWorker.class),
      @Dependent(
          name = "deployment",
          type = DeploymentDependent.class,
          dependsOn = "service-account",
          reconcilePrecondition = RunsWorker.class),
      @Dependent(
          name = "service",
          type = ServiceDependent.class,
          reconcilePrecondition = RunsWorker.class),
      @Dependent(
          name = "network-policy",
          type = NetworkPolicyDependent.class,
          reconcilePrecondition = RunsWorker.class),
      @Dependent(
          name = "fqdn-policy",
          type = FqdnPolicyDependent.class,
          reconcilePrecondition = HasHostEgress.class,
          activationCondition = CiliumPresent.class)
    })
@ControllerConfiguration(name = McpToolReconciler.NAME, fieldManager = Controllers.FIELD_MANAGER)
public class McpToolReconciler implements Reconciler<McpTool> {

  public static final String NAME = "mcptool";
  static final String WORKER_PODS = "worker-pods";
  static final String NAMESPACE_POLICIES = "namespace-network-policies";
  static final String ENV_SECRETS = "env-secrets";

  private static final Logger log = LoggerFactory.getLogger(McpToolReconciler.class);

  private final RoutingState routing;
  private final ResourceID gateway;
  private final CiliumSupport cilium;
  private final WorkerSettings settings;
  private final ToolStatusCalculator statuses;
  private final ConditionEvents events;
  private final SchemaChangeEvents schemaEvents;
  private final PlatformPolicy platform;

  /**
   * @param gateway the McpGateway the operator serves: without it, nothing is routed
   */
  public McpToolReconciler(
      RoutingState routing,
      ResourceID gateway,
      CiliumSupport cilium,
      WorkerSettings settings,
      ToolStatusCalculator statuses,
      ConditionEvents events,
      SchemaChangeEvents schemaEvents,
      PlatformPolicy platform) {
    this.platform = platform;
    this.routing = routing;
    this.gateway = gateway;
    this.cilium = cilium;
    this.settings = settings;
    this.statuses = statuses;
    this.events = events;
    this.schemaEvents = schemaEvents;
  }

  @Override
  public List<EventSource<?, McpTool>> prepareEventSources(EventSourceContext<McpTool> context) {
    SimpleInboundEventSource<McpTool> compiled = new SimpleInboundEventSource<>("compiled-routes");
    routing.onToolChange(
        ref -> compiled.propagateEvent(new ResourceID(ref.name(), ref.namespace())));
    // Worker pods belong to ReplicaSets, not to the McpTool: they name it in a label.
    InformerEventSource<Pod, McpTool> pods =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Pod.class, McpTool.class)
                .withName(WORKER_PODS)
                .withNamespacesInheritedFromController()
                .withLabelSelector(WorkerLabels.WORKER_POD_SELECTOR)
                .withSecondaryToPrimaryMapper(McpToolReconciler::toolOfPod)
                .build(),
            context);
    // Every NetworkPolicy in the watched namespaces, not only ours: another one that selects a
    // worker's pods widens its sandbox. A change maps to the McpTools of its namespace.
    InformerEventSource<NetworkPolicy, McpTool> policies =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(NetworkPolicy.class, McpTool.class)
                .withName(NAMESPACE_POLICIES)
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper(
                    policy ->
                        context
                            .getPrimaryCache()
                            .list(policy.getMetadata().getNamespace())
                            .map(ResourceID::fromResource)
                            .collect(Collectors.toSet()))
                .build(),
            context);
    List<EventSource<?, McpTool>> sources =
        new ArrayList<>(
            List.of(
                compiled,
                pods,
                policies,
                GatewayWatch.eventSource(McpTool.class, gateway, context)));
    if (platform.limitsEnvSecrets()) {
      sources.add(envSecrets(context));
    }
    return sources;
  }

  /**
   * The Secrets a worker's env may read: only those carrying the platform's label are listed and
   * cached, never the namespace's others. A Secret that gains (or loses) the label wakes the
   * McpTools of its namespace that name it. Only whether such a Secret exists matters, so the cache
   * keeps no values.
   */
  private InformerEventSource<Secret, McpTool> envSecrets(EventSourceContext<McpTool> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Secret.class, McpTool.class)
            .withName(ENV_SECRETS)
            .withNamespacesInheritedFromController()
            .withLabelSelector(platform.envSecretSelector())
            .withItemStore(new TransformingItemStore<>(McpToolReconciler::withoutValues))
            .withSecondaryToPrimaryMapper(
                secret ->
                    context
                        .getPrimaryCache()
                        .list(secret.getMetadata().getNamespace())
                        .filter(
                            t ->
                                PlatformPolicy.envSecretNames(t)
                                    .contains(secret.getMetadata().getName()))
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .build(),
        context);
  }

  private static Secret withoutValues(Secret secret) {
    secret.setData(null);
    secret.setStringData(null);
    return secret;
  }

  /** Whether a Secret carrying the platform's label exists: the informer caches only those. */
  @SuppressWarnings("unchecked")
  private boolean labelledSecret(Context<McpTool> context, String namespace, String name) {
    InformerEventSource<Secret, McpTool> secrets =
        (InformerEventSource<Secret, McpTool>)
            context.eventSourceRetriever().getEventSourceFor(Secret.class, ENV_SECRETS);
    return secrets.get(new ResourceID(name, namespace)).isPresent();
  }

  /** Other NetworkPolicies in the tool's namespace that select its worker's pods. */
  @SuppressWarnings("unchecked")
  private static List<String> wideningPolicies(McpTool tool, Context<McpTool> context) {
    if (!WorkerSpec.runsWorker(tool)) {
      return List.of();
    }
    InformerEventSource<NetworkPolicy, McpTool> policies =
        (InformerEventSource<NetworkPolicy, McpTool>)
            context
                .eventSourceRetriever()
                .getEventSourceFor(NetworkPolicy.class, NAMESPACE_POLICIES);
    String name = tool.getMetadata().getName();
    return WideningPolicies.find(
        WorkerLabels.forWorker(name),
        policies.list(tool.getMetadata().getNamespace()).toList(),
        policy -> isOwnPolicy(policy, tool));
  }

  /** Ours by name and controller reference; a look-alike without the reference still counts. */
  private static boolean isOwnPolicy(NetworkPolicy policy, McpTool tool) {
    return policy.getMetadata().getName().equals(tool.getMetadata().getName())
        && policy.getMetadata().getOwnerReferences() != null
        && policy.getMetadata().getOwnerReferences().stream()
            .anyMatch(
                o ->
                    Boolean.TRUE.equals(o.getController())
                        && tool.getMetadata().getUid().equals(o.getUid()));
  }

  private static Set<ResourceID> toolOfPod(Pod pod) {
    String tool = pod.getMetadata().getLabels().get(WorkerLabels.MCPTOOL);
    return tool == null ? Set.of() : Set.of(new ResourceID(tool, pod.getMetadata().getNamespace()));
  }

  @Override
  public UpdateControl<McpTool> reconcile(McpTool tool, Context<McpTool> context) {
    List<Violation> violations =
        new ArrayList<>(
            McpToolValidator.validate(tool, settings.egress(), settings.gatewayJwks() != null));
    violations.addAll(
        platform.check(tool, (namespace, name) -> labelledSecret(context, namespace, name)));
    if (violations.isEmpty()) {
      applyWorker(tool, context, violations);
    } else {
      log.info(
          "McpTool {} is invalid, keeping its last valid worker: {}",
          ResourceRef.of(tool),
          violations);
    }

    List<String> unenforcedHosts = unenforcedHosts(tool, context);
    ToolObservation observed =
        new ToolObservation(
            tool,
            violations,
            context
                .getSecondaryResource(Deployment.class)
                .map(d -> WorkloadObservation.of(d, context.getSecondaryResources(Pod.class))),
            route(tool, context),
            unenforcedHosts,
            endpoint(tool),
            wideningPolicies(tool, context));
    McpToolStatus status = statuses.compute(observed);
    events.warnOnNewProblem(
        tool,
        tool.getStatus() == null ? List.of() : tool.getStatus().getConditions(),
        status.getConditions(),
        ConditionTypes.POLICY_VALID,
        "Reconcile");
    // WorkloadReady tells only what the pods say; its other complaints repeat PolicyValid's.
    if (Conditions.find(status.getConditions(), ConditionTypes.WORKLOAD_READY)
        .filter(c -> PodProblem.isPodReason(c.getReason()))
        .isPresent()) {
      events.warnOnNewProblem(
          tool,
          tool.getStatus() == null ? List.of() : tool.getStatus().getConditions(),
          status.getConditions(),
          ConditionTypes.WORKLOAD_READY,
          "Run");
    }
    events.warnOnNewProblem(
        tool,
        tool.getStatus() == null ? List.of() : tool.getStatus().getConditions(),
        status.getConditions(),
        ConditionTypes.SANDBOX_ISOLATED,
        "Isolate");
    events.warnOnNewProblem(
        tool,
        tool.getStatus() == null ? List.of() : tool.getStatus().getConditions(),
        status.getConditions(),
        ConditionTypes.SCHEMAS_APPROVED,
        "Pin");
    schemaEvents.tellChanges(
        tool, tool.getStatus() == null ? null : tool.getStatus().getTools(), status.getTools());
    // The compiler's own refusals are told through PolicyValid; what the gateway reports is not.
    if (observed
        .route()
        .map(ToolRoute::gateway)
        .filter(
            g ->
                g.kind() == GatewayVerdict.Kind.NAME_TAKEN
                    || g.kind() == GatewayVerdict.Kind.REJECTED)
        .isPresent()) {
      events.warnOnNewProblem(
          tool,
          tool.getStatus() == null ? List.of() : tool.getStatus().getConditions(),
          status.getConditions(),
          ConditionTypes.ROUTED,
          "Route");
    }

    UpdateControl<McpTool> control =
        StatusPatches.isSame(tool.getStatus(), status)
            ? UpdateControl.noUpdate()
            : UpdateControl.patchStatus(StatusPatches.forStatus(tool, new McpTool(), status));
    // Nothing announces that Cilium was installed, so a tool waiting for it looks again.
    return unenforcedHosts.isEmpty() ? control : control.rescheduleAfter(cilium.recheckAfter());
  }

  /**
   * The compiler's and the gateway's verdict on this McpTool: none while there is no McpGateway,
   * and nothing known yet while the latest compile was for an McpGateway that has since been
   * replaced.
   */
  private Optional<ToolRoute> route(McpTool tool, Context<McpTool> context) {
    Optional<McpGateway> current = GatewayWatch.current(context, gateway);
    if (current.isEmpty()) {
      return Optional.of(
          ToolRoute.excluded(
              generation(tool),
              Exclusion.noGateway(gateway.getNamespace().orElseThrow(), gateway.getName())));
    }
    return routing.tool(ResourceRef.of(tool), current.get().getMetadata().getUid());
  }

  /**
   * Runs the workflow. The API server's own validation is the last word on a spec: a rejected
   * object is reported like any other invalid spec instead of being retried forever.
   */
  private void applyWorker(McpTool tool, Context<McpTool> context, List<Violation> violations) {
    try {
      context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
    } catch (RuntimeException e) {
      Optional<KubernetesClientException> rejected = Rejections.find(e);
      if (rejected.isEmpty()) {
        throw e;
      }
      violations.add(
          new Violation(
              ResourceRef.of(tool),
              "spec",
              "the API server rejected a worker object: " + Rejections.describe(rejected.get())));
    }
  }

  /**
   * A write the API server refused or failed (403, 409, 5xx, an admission denial): Ready says so
   * and a Warning event tells it once, while JOSDK retries with backoff.
   */
  @Override
  public ErrorStatusUpdateControl<McpTool> updateErrorStatus(
      McpTool tool, Context<McpTool> context, Exception e) {
    ApplyFailure failure = ApplyFailures.describe(e);
    log.warn("McpTool {}: {}", ResourceRef.of(tool), failure.message());
    McpToolStatus status = StatusPatches.copy(tool.getStatus(), McpToolStatus.class);
    if (status == null) {
      status = new McpToolStatus();
    }
    List<Condition> before = status.getConditions();
    status.setConditions(Conditions.failed(before, failure, generation(tool), statuses.clock()));
    events.warnOnNewProblem(
        tool,
        before == null ? List.of() : before,
        status.getConditions(),
        ConditionTypes.READY,
        "Apply");
    return StatusPatches.isSame(tool.getStatus(), status)
        ? ErrorStatusUpdateControl.noStatusUpdate()
        : ErrorStatusUpdateControl.patchStatus(
            StatusPatches.forStatus(tool, new McpTool(), status));
  }

  private static long generation(McpTool tool) {
    Long generation = tool.getMetadata().getGeneration();
    return generation == null ? 0L : generation;
  }

  private List<String> unenforcedHosts(McpTool tool, Context<McpTool> context) {
    if (!WorkerSpec.hasHostEgress(tool) || cilium.isPresent(context.getClient())) {
      return List.of();
    }
    return WorkerSpec.of(tool).hostEgress().stream().map(McpToolReconciler::describe).toList();
  }

  private static String describe(EgressRule rule) {
    return rule.getPorts() == null || rule.getPorts().isEmpty()
        ? rule.getHost()
        : rule.getHost() + ":" + rule.getPorts();
  }

  private String endpoint(McpTool tool) {
    if (tool.getSpec() != null && tool.getSpec().getRemote() != null) {
      return tool.getSpec().getRemote().getUrl();
    }
    if (!WorkerSpec.runsWorker(tool)) {
      return null;
    }
    WorkerSpec worker = WorkerSpec.of(tool);
    return ToolgateNames.workerUrl(
        worker.namespace(), worker.name(), worker.port(), worker.path(), settings.clusterDomain());
  }
}
