package dev.toolgate.operator.it;

import dev.toolgate.api.ToolgateNames;
import dev.toolgate.api.v1alpha1.GatewayReport;
import dev.toolgate.api.v1alpha1.McpGateway;
import dev.toolgate.api.v1alpha1.McpGatewayStatus;
import dev.toolgate.api.v1alpha1.UpstreamProblem;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Plays the gateway for the operator's tests, as the tests play the Deployment controller: it reads
 * the gateway ConfigMap and writes what a gateway reports into {@code status.gateway} of McpGateway
 * {@code toolgate}, as the gateway's ServiceAccount (RBAC from gateway/src/main/kubernetes) and
 * with the gateway's field manager. It accepts every config unless told to reject, and reports the
 * run-time name collisions it is given. The real gateway's reporter is tested in the gateway
 * module.
 */
final class GatewayStandIn implements AutoCloseable {

  static final String SERVICE_ACCOUNT = "toolgate-gateway";

  final KubernetesClient asGateway;
  private final ScheduledExecutorService poller =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("gateway-stand-in").factory());
  private volatile String rejection;
  private final List<UpstreamProblem> problems = new ArrayList<>();
  private String seenVersion;
  private String loaded;
  private String rejected;

  private GatewayStandIn(KubernetesClient asGateway) {
    this.asGateway = asGateway;
  }

  /** The gateway's ServiceAccount, as {@code toolgate-system/toolgate-gateway}. */
  static KubernetesClient asGateway(String kubeconfig) {
    return ApiServer.asServiceAccount(kubeconfig, ApiServer.OPERATOR_NAMESPACE, SERVICE_ACCOUNT);
  }

  static GatewayStandIn start(String kubeconfig) {
    GatewayStandIn standIn = new GatewayStandIn(asGateway(kubeconfig));
    standIn.poller.scheduleWithFixedDelay(standIn::poll, 0, 50, TimeUnit.MILLISECONDS);
    return standIn;
  }

  /** From now on configs are refused with this validation message. */
  synchronized void rejectWith(String message) {
    rejection = message;
    seenVersion = null;
  }

  /** From now on configs load. */
  synchronized void accept() {
    rejection = null;
    seenVersion = null;
  }

  /** Reports a tool discovered at run time that is not exposed: another upstream has its name. */
  synchronized void nameTaken(String upstream, String tool, String exposedName, String owner) {
    problems.add(
        new UpstreamProblem(
            upstream,
            tool,
            exposedName,
            UpstreamProblem.NAME_TAKEN,
            owner,
            "tool "
                + tool
                + " of "
                + upstream
                + " is not exposed: its name "
                + exposedName
                + " is taken by "
                + owner));
    seenVersion = null;
  }

  private synchronized void poll() {
    try {
      ConfigMap configMap =
          asGateway
              .configMaps()
              .inNamespace(ApiServer.OPERATOR_NAMESPACE)
              .withName(ToolgateNames.GATEWAY_CONFIGMAP)
              .get();
      if (configMap == null || configMap.getMetadata().getResourceVersion().equals(seenVersion)) {
        return;
      }
      String hash =
          configMap.getMetadata().getAnnotations().get(ToolgateNames.CONFIG_HASH_ANNOTATION);
      if (rejection == null) {
        loaded = hash;
        rejected = null;
      } else {
        rejected = hash;
      }
      report();
      seenVersion = configMap.getMetadata().getResourceVersion();
    } catch (RuntimeException e) {
      // The API server is starting or stopping; the next poll tries again.
    }
  }

  private void report() {
    GatewayReport report = new GatewayReport();
    report.setLoadedConfigHash(loaded);
    report.setRejectedConfigHash(rejected);
    report.setConditions(
        List.of(
            new ConditionBuilder()
                .withType(GatewayReport.CONFIG_LOADED)
                .withStatus(rejection == null ? "True" : "False")
                .withReason(
                    rejection == null ? GatewayReport.LOADED : GatewayReport.CONFIG_REJECTED)
                // The gateway's own wording (GatewayReports in the gateway module).
                .withMessage(
                    rejection == null
                        ? "Config " + loaded + " is in force"
                        : "Config "
                            + rejected
                            + " was rejected: "
                            + rejection
                            + "; config "
                            + loaded
                            + " stays in force")
                .withLastTransitionTime(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .build()));
    report.setUpstreamProblems(problems.isEmpty() ? null : List.copyOf(problems));
    McpGatewayStatus status = new McpGatewayStatus();
    // Only status.gateway: the operator's fields, its conditions included, are not ours.
    status.setConditions(null);
    status.setGateway(report);
    McpGateway body = new McpGateway();
    body.setMetadata(
        new ObjectMetaBuilder()
            .withName(ToolgateNames.DEFAULT_MCPGATEWAY)
            .withNamespace(ApiServer.OPERATOR_NAMESPACE)
            .build());
    body.setStatus(status);
    asGateway
        .resource(body)
        .subresource("status")
        .patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager(ToolgateNames.GATEWAY_FIELD_MANAGER)
                .withForce(true)
                .build());
  }

  @Override
  public void close() {
    poller.shutdownNow();
    asGateway.close();
  }
}
