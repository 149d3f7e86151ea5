package dev.toolgate.operator.reconciler;

import dev.toolgate.api.ToolgateNames;
import dev.toolgate.api.compiler.CompileResult;
import dev.toolgate.api.compiler.CompilerSettings;
import dev.toolgate.api.compiler.GatewayConfigCompiler;
import dev.toolgate.api.compiler.RedactionSecrets;
import dev.toolgate.api.config.GatewayConfig;
import dev.toolgate.api.config.GatewayConfigCodec;
import dev.toolgate.api.config.SecretFingerprints;
import dev.toolgate.api.v1alpha1.GatewayReport;
import dev.toolgate.api.v1alpha1.McpGateway;
import dev.toolgate.api.v1alpha1.McpGatewayStatus;
import dev.toolgate.api.v1alpha1.McpScope;
import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.operator.dependent.GatewayConfigMapDependent;
import dev.toolgate.operator.events.ConditionEvents;
import dev.toolgate.operator.metrics.GatewayConfigMetrics;
import dev.toolgate.operator.routing.CompileHistory;
import dev.toolgate.operator.routing.Exclusion;
import dev.toolgate.operator.routing.GatewayDelivery;
import dev.toolgate.operator.routing.RoutingSnapshot;
import dev.toolgate.operator.routing.RoutingState;
import dev.toolgate.operator.status.ApplyFailure;
import dev.toolgate.operator.status.ConditionTypes;
import dev.toolgate.operator.status.Conditions;
import dev.toolgate.operator.status.GatewayStatusCalculator;
import dev.toolgate.operator.validation.GatewaySpecResolver;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
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
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles every McpTool and McpScope its McpGateway serves into the gateway config, applies it to
 * the ConfigMap the McpGateway owns, and tells which routes the gateway serves from what the
 * gateway reports in {@code status.gateway}. The operator serves one McpGateway, named by a
 * setting, in its own namespace; every McpTool or McpScope event maps to it, and JOSDK runs one
 * reconciliation per primary at a time and folds the events that arrive meanwhile into the next
 * one, so a burst of changes costs a few compiles, not one per change. Status changes trigger it
 * too: the gateway's report is an input.
 */
@Workflow(
    explicitInvocation = true,
    dependents =
        @Dependent(name = GatewayConfigMapDependent.NAME, type = GatewayConfigMapDependent.class))
@ControllerConfiguration(
    name = McpGatewayReconciler.NAME,
    fieldManager = Controllers.FIELD_MANAGER,
    generationAwareEventProcessing = false)
public class McpGatewayReconciler implements Reconciler<McpGateway> {

  public static final String NAME = "mcpgateway";

  private static final Logger log = LoggerFactory.getLogger(McpGatewayReconciler.class);

  private final ResourceID gateway;
  private final Set<String> watchedNamespaces;
  private final CompilerSettings defaults;
  private final RoutingState routing;
  private final GatewayConfigMetrics metrics;
  private final GatewayStatusCalculator statuses;
  private final ConditionEvents events;
  private final SecretFingerprints redactionKeys;
  private final CompileHistory history = new CompileHistory();
  private volatile String historyOf;

  /** What the gateway last reported, by McpGateway uid, to tell a new rejection once. */
  private final Map<String, List<Condition>> reportedBefore = new ConcurrentHashMap<>();

  /**
   * @param gateway the McpGateway served: its name and the operator's namespace
   * @param watchedNamespaces where McpTools and McpScopes are read from; empty for all
   * @param defaults the compiler's settings from the operator's flags, before the spec's limits
   * @param redactionKeys the redaction key the gateway shares, which Secret values McpTools redact
   *     are fingerprinted with; {@code null} when the operator has none, and then no Secret is read
   *     and McpTools that redact Secrets are not routed
   */
  public McpGatewayReconciler(
      ResourceID gateway,
      Set<String> watchedNamespaces,
      CompilerSettings defaults,
      RoutingState routing,
      GatewayConfigMetrics metrics,
      GatewayStatusCalculator statuses,
      ConditionEvents events,
      SecretFingerprints redactionKeys) {
    this.gateway = gateway;
    this.redactionKeys = redactionKeys;
    this.watchedNamespaces = Set.copyOf(watchedNamespaces);
    this.defaults = defaults;
    this.routing = routing;
    this.metrics = metrics;
    this.statuses = statuses;
    this.events = events;
  }

  @Override
  public List<EventSource<?, McpGateway>> prepareEventSources(
      EventSourceContext<McpGateway> context) {
    List<EventSource<?, McpGateway>> sources = new ArrayList<>();
    sources.add(allTo(McpTool.class, "mcptools", context, null));
    sources.add(allTo(McpScope.class, "mcpscopes", context, null));
    if (redactionKeys != null) {
      // Only Secrets offered for redaction are read and cached, never the namespace's others.
      sources.add(
          allTo(Secret.class, "redaction-secrets", context, ToolgateNames.REDACT_SECRET_SELECTOR));
    }
    return sources;
  }

  private <R extends HasMetadata> InformerEventSource<R, McpGateway> allTo(
      Class<R> type, String name, EventSourceContext<McpGateway> context, String labelSelector) {
    InformerEventSourceConfiguration.Builder<R> config =
        InformerEventSourceConfiguration.from(type, McpGateway.class)
            .withName(name)
            .withLabelSelector(labelSelector)
            .withSecondaryToPrimaryMapper(resource -> Set.of(gateway));
    if (watchedNamespaces.isEmpty()) {
      config.withWatchAllNamespaces();
    } else {
      config.withNamespaces(watchedNamespaces);
    }
    return new InformerEventSource<>(config.build(), context);
  }

  @Override
  public UpdateControl<McpGateway> reconcile(McpGateway primary, Context<McpGateway> context) {
    String uid = primary.getMetadata().getUid();
    if (!uid.equals(historyOf)) {
      history.clear();
      historyOf = uid;
    }
    List<Condition> before =
        primary.getStatus() == null ? List.of() : primary.getStatus().getConditions();
    GatewaySpecResolver.Resolved resolved =
        GatewaySpecResolver.resolve(primary.getSpec(), defaults);
    McpGatewayStatus status =
        resolved.isValid()
            ? compileAndApply(primary, resolved, context)
            : statuses.invalid(primary, resolved.problems());
    if (!resolved.isValid()) {
      log.warn("McpGateway {} is invalid: {}", describe(), resolved.problems());
    }
    events.warnOnNewProblem(
        primary, before, status.getConditions(), ConditionTypes.READY, "Compile");
    warnOnRejectedConfig(primary);
    return StatusPatches.isSame(GatewayStatusCalculator.ownPart(primary.getStatus()), status)
        ? UpdateControl.noUpdate()
        : UpdateControl.patchStatus(StatusPatches.forStatus(primary, new McpGateway(), status));
  }

  private McpGatewayStatus compileAndApply(
      McpGateway primary, GatewaySpecResolver.Resolved resolved, Context<McpGateway> context) {
    Map<Boolean, List<McpTool>> tools =
        context.getSecondaryResources(McpTool.class).stream()
            .collect(Collectors.partitioningBy(t -> resolved.serves(namespace(t))));
    Map<Boolean, List<McpScope>> scopes =
        context.getSecondaryResources(McpScope.class).stream()
            .collect(Collectors.partitioningBy(s -> resolved.serves(namespace(s))));
    long started = System.nanoTime();
    CompileResult result =
        GatewayConfigCompiler.compile(
            tools.get(true), scopes.get(true), resolved.settings(), redactionSecrets(context));
    GatewayConfig config = result.config();

    String before = currentHash(context);
    String after = GatewayConfigCodec.hash(GatewayConfigCodec.toYaml(config));
    context.managedWorkflowAndDependentResourceContext().put(GatewayConfig.class, config);
    context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
    history.record(after, config);

    // Published only after the ConfigMap holds the config; whether a route is served is the
    // gateway's word, read from what it reported.
    GatewayDelivery delivery = new GatewayDelivery(after, history, report(primary));
    RoutingSnapshot.Builder snapshot =
        RoutingSnapshot.builder(primary.getMetadata().getUid(), result, delivery::verdict)
            .compiled(tools.get(true), scopes.get(true));
    String name = primary.getMetadata().getNamespace() + "/" + primary.getMetadata().getName();
    byNamespace(tools.get(false))
        .forEach(
            (ns, unserved) -> snapshot.excluded(unserved, Exclusion.namespaceNotServed(name, ns)));
    byNamespace(scopes.get(false))
        .forEach(
            (ns, unserved) -> snapshot.excluded(unserved, Exclusion.namespaceNotServed(name, ns)));
    routing.publish(snapshot.build());

    metrics.compiled(System.nanoTime() - started, result.violations().size());
    if (!after.equals(before)) {
      metrics.written();
      log.info(
          "Gateway config {} written: {} upstreams, {} scopes, {} violations",
          after,
          config.upstreams().size(),
          config.scopes().size(),
          result.violations().size());
    }
    return statuses.compute(
        primary,
        new GatewayStatusCalculator.Compiled(
            primary.getMetadata().getNamespace() + "/" + ToolgateNames.GATEWAY_CONFIGMAP,
            after,
            tools.get(true).size(),
            config.upstreams().size(),
            scopes.get(true).size(),
            result.violations().size()));
  }

  /** The Secrets offered for redaction, from the informer's cache, as the compiler reads them. */
  private RedactionSecrets redactionSecrets(Context<McpGateway> context) {
    if (redactionKeys == null) {
      return RedactionSecrets.unavailable(
          "the operator has no redaction key (--redaction-key-file), which the gateway shares");
    }
    Map<String, Secret> offered = new LinkedHashMap<>();
    for (Secret secret : context.getSecondaryResources(Secret.class)) {
      offered.put(namespace(secret) + "/" + secret.getMetadata().getName(), secret);
    }
    return RedactionSecrets.readFrom(
        redactionKeys,
        (namespace, name) ->
            Optional.ofNullable(offered.get(namespace + "/" + name))
                .map(McpGatewayReconciler::values),
        " among the Secrets labelled "
            + ToolgateNames.REDACT_SECRET_SELECTOR
            + " (only those are read, label it to have its values redacted)");
  }

  private static Map<String, byte[]> values(Secret secret) {
    Map<String, byte[]> values = new LinkedHashMap<>();
    if (secret.getData() != null) {
      secret
          .getData()
          .forEach((key, base64) -> values.put(key, Base64.getDecoder().decode(base64)));
    }
    return values;
  }

  /** A Warning event on the McpGateway when the gateway reports a config it refused. */
  private void warnOnRejectedConfig(McpGateway primary) {
    GatewayReport report = report(primary);
    List<Condition> now =
        report == null || report.getConditions() == null ? List.of() : report.getConditions();
    List<Condition> then = reportedBefore.put(primary.getMetadata().getUid(), now);
    events.warnOnNewProblem(
        primary, then == null ? List.of() : then, now, ConditionTypes.CONFIG_LOADED, "Load");
  }

  /**
   * Writing the ConfigMap or the status failed (403, 409, 5xx, an admission denial): Ready says so
   * and a Warning event tells it once, while JOSDK retries with backoff.
   */
  @Override
  public ErrorStatusUpdateControl<McpGateway> updateErrorStatus(
      McpGateway primary, Context<McpGateway> context, Exception e) {
    ApplyFailure failure = ApplyFailures.describe(e);
    log.warn("McpGateway {}: {}", describe(), failure.message());
    McpGatewayStatus status = GatewayStatusCalculator.ownPart(primary.getStatus());
    if (status == null) {
      status = new McpGatewayStatus();
    }
    List<Condition> before = status.getConditions();
    Long generation = primary.getMetadata().getGeneration();
    status.setConditions(
        Conditions.failed(before, failure, generation == null ? 0L : generation, statuses.clock()));
    events.warnOnNewProblem(
        primary,
        before == null ? List.of() : before,
        status.getConditions(),
        ConditionTypes.READY,
        "Apply");
    return StatusPatches.isSame(GatewayStatusCalculator.ownPart(primary.getStatus()), status)
        ? ErrorStatusUpdateControl.noStatusUpdate()
        : ErrorStatusUpdateControl.patchStatus(
            StatusPatches.forStatus(primary, new McpGateway(), status));
  }

  private String describe() {
    return gateway.getNamespace().orElse("") + "/" + gateway.getName();
  }

  private static GatewayReport report(McpGateway primary) {
    return primary.getStatus() == null ? null : primary.getStatus().getGateway();
  }

  private static String namespace(HasMetadata resource) {
    return resource.getMetadata().getNamespace();
  }

  private static <R extends HasMetadata> Map<String, List<R>> byNamespace(List<R> resources) {
    return resources.stream()
        .collect(
            Collectors.groupingBy(
                McpGatewayReconciler::namespace, TreeMap::new, Collectors.toList()));
  }

  private static String currentHash(Context<McpGateway> context) {
    return context
        .getSecondaryResource(ConfigMap.class)
        .map(cm -> cm.getMetadata().getAnnotations())
        .map(annotations -> annotations.get(ToolgateNames.CONFIG_HASH_ANNOTATION))
        .orElse("none");
  }
}
