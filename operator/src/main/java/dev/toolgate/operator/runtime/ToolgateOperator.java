package dev.toolgate.operator.runtime;

import dev.toolgate.api.config.SecretFingerprints;
import dev.toolgate.operator.config.OperatorSettings;
import dev.toolgate.operator.dependent.CiliumSupport;
import dev.toolgate.operator.dependent.GatewayConfigMapDependent;
import dev.toolgate.operator.dependent.ToolgateDependentFactory;
import dev.toolgate.operator.events.ConditionEvents;
import dev.toolgate.operator.events.EventRecorder;
import dev.toolgate.operator.events.SchemaChangeEvents;
import dev.toolgate.operator.metrics.GatewayConfigMetrics;
import dev.toolgate.operator.model.WorkerLabels;
import dev.toolgate.operator.model.WorkerSettings;
import dev.toolgate.operator.reconciler.McpGatewayReconciler;
import dev.toolgate.operator.reconciler.McpScopeReconciler;
import dev.toolgate.operator.reconciler.McpToolReconciler;
import dev.toolgate.operator.routing.RoutingState;
import dev.toolgate.operator.status.GatewayStatusCalculator;
import dev.toolgate.operator.status.ScopeStatusCalculator;
import dev.toolgate.operator.status.ToolStatusCalculator;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResourceConfigBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One operator process: the McpTool, McpScope and McpGateway controllers on a JOSDK {@link
 * Operator}, sharing one {@link RoutingState}, behind a leader Lease when more than one replica
 * runs.
 */
public final class ToolgateOperator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ToolgateOperator.class);

  private final Operator operator;
  private final AtomicBoolean leader;
  private final boolean leaderElection;
  private final AtomicBoolean stopping;

  private ToolgateOperator(
      Operator operator, AtomicBoolean leader, boolean leaderElection, AtomicBoolean stopping) {
    this.operator = operator;
    this.leader = leader;
    this.leaderElection = leaderElection;
    this.stopping = stopping;
  }

  public static ToolgateOperator create(
      KubernetesClient client, OperatorSettings settings, MeterRegistry registry, Clock clock) {
    WorkerSettings worker =
        settings
            .worker()
            .withEgress(
                settings
                    .worker()
                    .egress()
                    .with(ApiServerAddresses.discover(client), "the API server"));
    log.info(
        "Workers may not reach {}",
        worker.egress().denied().stream().map(d -> d.block().toString()).toList());
    RoutingState routing = new RoutingState();
    CiliumSupport cilium = new CiliumSupport(settings.ciliumRecheck(), clock);
    EventRecorder recorder = new EventRecorder(client, settings.identity(), clock);
    ConditionEvents events = new ConditionEvents(recorder);
    SchemaChangeEvents schemaEvents = new SchemaChangeEvents(recorder);
    AtomicBoolean leader = new AtomicBoolean(!settings.leaderElection());
    AtomicBoolean stopping = new AtomicBoolean();
    registry.gauge("toolgate.operator.leader", leader, l -> l.get() ? 1 : 0);

    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withMetrics(
                      // Per kind, not per resource: a meter per McpTool would grow without bound.
                      MicrometerMetrics.newMicrometerMetricsBuilder(registry)
                          .notCollectingMetricsPerResource()
                          .build())
                  .withDependentResourceFactory(new ToolgateDependentFactory(worker, cilium));
              if (settings.leaderElection()) {
                o.withLeaderElectionConfiguration(
                    LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
                            settings.lease().name())
                        .withLeaseNamespace(settings.namespace())
                        .withIdentity(settings.identity())
                        .withLeaseDuration(settings.lease().duration())
                        .withRenewDeadline(settings.lease().renewDeadline())
                        .withRetryPeriod(settings.lease().retryPeriod())
                        // Exiting is ours to decide: JOSDK's exit would also run when the operator
                        // stops from the SIGTERM shutdown hook, and System.exit inside a shutdown
                        // hook blocks forever, so the process would never end.
                        .withExitOnStopLeading(false)
                        .withLeaderCallbacks(
                            new LeaderCallbacks(
                                () -> {
                                  leader.set(true);
                                  log.info("{} leads: reconciling", settings.identity());
                                },
                                () -> {
                                  leader.set(false);
                                  log.info("{} stopped leading", settings.identity());
                                  if (settings.lease().exitOnLoss() && !stopping.get()) {
                                    // Lost the Lease while running: end the process so no two
                                    // replicas ever reconcile at once.
                                    System.exit(1);
                                  }
                                },
                                newLeader -> log.info("Leader is {}", newLeader)))
                        .build());
              }
            });

    ResourceID gateway = new ResourceID(settings.mcpGateway(), settings.namespace());
    operator.register(
        new McpToolReconciler(
            routing,
            gateway,
            cilium,
            worker,
            new ToolStatusCalculator(clock),
            events,
            schemaEvents,
            settings.platform()),
        c -> watch(c, settings.watchNamespaces()));
    operator.register(
        new McpScopeReconciler(routing, gateway, new ScopeStatusCalculator(clock), events),
        c -> watch(c, settings.watchNamespaces()));
    operator.register(
        new McpGatewayReconciler(
            gateway,
            settings.watchNamespaces(),
            settings.compilerSettings(),
            routing,
            new GatewayConfigMetrics(registry),
            new GatewayStatusCalculator(clock),
            events,
            redactionKeys(settings)),
        c ->
            c.withRetry(retry())
                .settingNamespace(settings.namespace())
                // One McpGateway per installation: others in the namespace are not this
                // operator's.
                .withGenericFilter(g -> settings.mcpGateway().equals(g.getMetadata().getName()))
                .replacingNamedDependentResourceConfig(
                    GatewayConfigMapDependent.NAME,
                    new KubernetesDependentResourceConfigBuilder<ConfigMap>()
                        // JOSDK leaves ConfigMaps out of server-side apply by default; ours is
                        // wholly owned by the operator, so SSA matching is exact.
                        .withUseSSA(true)
                        .withKubernetesDependentInformerConfig(
                            InformerConfiguration.builder(ConfigMap.class)
                                .withNamespaces(Set.of(settings.namespace()))
                                .withLabelSelector(
                                    WorkerLabels.COMPONENT
                                        + "="
                                        + WorkerLabels.GATEWAY_CONFIG
                                        + ","
                                        + WorkerLabels.MANAGED_SELECTOR)
                                .build())
                        .build()));
    return new ToolgateOperator(operator, leader, settings.leaderElection(), stopping);
  }

  /**
   * A failed write is retried without end (2s, growing by half each time, at most every 5 minutes):
   * the cause (RBAC, an admission policy, an outage) is fixed outside the McpTool, and nothing else
   * would reconcile it again. Ready says why meanwhile.
   */
  static GenericRetry retry() {
    return GenericRetry.defaultLimitedExponentialRetry()
        .withoutMaxAttempts()
        .setMaxInterval(Duration.ofMinutes(5).toMillis());
  }

  /**
   * The redaction key's fingerprinting, {@code null} without a key file; a key file that cannot be
   * read stops the start, since routing McpTools whose Secrets then go unredacted is worse.
   */
  private static SecretFingerprints redactionKeys(OperatorSettings settings) {
    if (settings.redactionKeyFile() == null) {
      return null;
    }
    try {
      return SecretFingerprints.withKey(Files.readAllBytes(settings.redactionKeyFile()));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "redaction-key-file " + settings.redactionKeyFile() + ": " + e.getMessage(), e);
    }
  }

  private static <R extends HasMetadata> void watch(
      ControllerConfigurationOverrider<R> config, Set<String> namespaces) {
    config.withRetry(retry());
    if (namespaces.isEmpty()) {
      config.watchingAllNamespaces();
    } else {
      config.settingNamespaces(namespaces);
    }
  }

  public void start() {
    operator.start();
  }

  @Override
  public void close() {
    stopping.set(true);
    operator.stop();
  }

  /** {@code true} while this replica reconciles: it holds the Lease, or runs without election. */
  public boolean isLeader() {
    return leader.get();
  }

  public boolean usesLeaderElection() {
    return leaderElection;
  }

  public RuntimeInfo runtimeInfo() {
    return operator.getRuntimeInfo();
  }
}
