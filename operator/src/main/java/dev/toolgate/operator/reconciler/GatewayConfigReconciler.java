package dev.toolgate.operator.reconciler;

import dev.toolgate.api.ToolgateNames;
import dev.toolgate.api.compiler.CompileResult;
import dev.toolgate.api.compiler.CompilerSettings;
import dev.toolgate.api.compiler.GatewayConfigCompiler;
import dev.toolgate.api.config.GatewayConfig;
import dev.toolgate.api.config.GatewayConfigCodec;
import dev.toolgate.api.v1alpha1.McpScope;
import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.operator.dependent.GatewayConfigMapDependent;
import dev.toolgate.operator.metrics.GatewayConfigMetrics;
import dev.toolgate.operator.routing.RoutingSnapshot;
import dev.toolgate.operator.routing.RoutingState;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles every McpTool and McpScope into the gateway config and applies it to the ConfigMap in
 * the operator's namespace. The primary is that Namespace: it exists as long as the operator runs,
 * so there is always something to reconcile, and every McpTool or McpScope event maps to it. JOSDK
 * runs one reconciliation per primary at a time and folds the events that arrive meanwhile into the
 * next one, so a burst of changes costs a few compiles, not one per change.
 */
@Workflow(
    explicitInvocation = true,
    dependents =
        @Dependent(name = GatewayConfigMapDependent.NAME, type = GatewayConfigMapDependent.class))
@ControllerConfiguration(
    name = GatewayConfigReconciler.NAME,
    fieldManager = Controllers.FIELD_MANAGER,
    generationAwareEventProcessing = false)
public class GatewayConfigReconciler implements Reconciler<Namespace> {

  public static final String NAME = "gateway-config";

  private static final Logger log = LoggerFactory.getLogger(GatewayConfigReconciler.class);

  private final String operatorNamespace;
  private final Set<String> watchedNamespaces;
  private final CompilerSettings compilerSettings;
  private final RoutingState routing;
  private final GatewayConfigMetrics metrics;

  /**
   * @param watchedNamespaces where McpTools and McpScopes are read from; empty for all
   */
  public GatewayConfigReconciler(
      String operatorNamespace,
      Set<String> watchedNamespaces,
      CompilerSettings compilerSettings,
      RoutingState routing,
      GatewayConfigMetrics metrics) {
    this.operatorNamespace = operatorNamespace;
    this.watchedNamespaces = Set.copyOf(watchedNamespaces);
    this.compilerSettings = compilerSettings;
    this.routing = routing;
    this.metrics = metrics;
  }

  @Override
  public List<EventSource<?, Namespace>> prepareEventSources(
      EventSourceContext<Namespace> context) {
    return List.of(
        allTo(McpTool.class, "mcptools", context), allTo(McpScope.class, "mcpscopes", context));
  }

  private <R extends HasMetadata> InformerEventSource<R, Namespace> allTo(
      Class<R> type, String name, EventSourceContext<Namespace> context) {
    ResourceID anchor = new ResourceID(operatorNamespace);
    InformerEventSourceConfiguration.Builder<R> config =
        InformerEventSourceConfiguration.from(type, Namespace.class)
            .withName(name)
            .withSecondaryToPrimaryMapper(resource -> Set.of(anchor));
    if (watchedNamespaces.isEmpty()) {
      config.withWatchAllNamespaces();
    } else {
      config.withNamespaces(watchedNamespaces);
    }
    return new InformerEventSource<>(config.build(), context);
  }

  @Override
  public UpdateControl<Namespace> reconcile(Namespace namespace, Context<Namespace> context) {
    Set<McpTool> tools = context.getSecondaryResources(McpTool.class);
    Set<McpScope> scopes = context.getSecondaryResources(McpScope.class);
    long started = System.nanoTime();
    CompileResult result = GatewayConfigCompiler.compile(tools, scopes, compilerSettings);
    GatewayConfig config = result.config();

    String before = currentHash(context);
    String after = GatewayConfigCodec.hash(GatewayConfigCodec.toYaml(config));
    context.managedWorkflowAndDependentResourceContext().put(GatewayConfig.class, config);
    context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();

    // Published only after the ConfigMap holds the config: Routed means "the gateway has it".
    routing.publish(RoutingSnapshot.of(tools, scopes, result));
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
    return UpdateControl.noUpdate();
  }

  private static String currentHash(Context<Namespace> context) {
    return context
        .getSecondaryResource(ConfigMap.class)
        .map(cm -> cm.getMetadata().getAnnotations())
        .map(annotations -> annotations.get(ToolgateNames.CONFIG_HASH_ANNOTATION))
        .orElse("none");
  }
}
