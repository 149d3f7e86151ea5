package dev.toolgate.operator.it;

import static dev.toolgate.operator.it.Cluster.toolCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.operator.reconciler.McpToolReconciler;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two operator replicas behind one Lease: only the holder reconciles, and when it goes the other
 * takes over and picks up changes made in between.
 */
@EnableKubeAPIServer
class LeaderElectionIT {

  @KubeConfig static String kubeconfig;

  static KubernetesClient admin;
  static Cluster cluster;
  static RunningOperator first;
  static RunningOperator second;
  static GatewayStandIn gateway;

  @BeforeAll
  static void install() {
    admin = ApiServer.admin(kubeconfig);
    ApiServer.install(admin);
    ApiServer.namespace(admin, "ha", Map.of());
    cluster = new Cluster(admin);
    gateway = GatewayStandIn.start(kubeconfig);
  }

  @AfterAll
  static void stop() {
    for (RunningOperator operator : new RunningOperator[] {first, second}) {
      if (operator != null) {
        operator.close();
      }
    }
    gateway.close();
    admin.close();
  }

  private static void tool(String name) {
    cluster.apply(
        """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpTool
        metadata: {name: %s, namespace: ha}
        spec:
          remote: {url: "https://%s.example.com/mcp"}
          tools: [{name: ping}]
        """
            .formatted(name, name),
        McpTool.class);
  }

  @Test
  void onlyTheLeaseHolderReconcilesAndTheStandbyTakesOverWhenItGoes() {
    first =
        RunningOperator.start(
            ApiServer.asOperator(kubeconfig),
            RunningOperator.settings("replica-a", true, Set.of()));
    await().atMost(Cluster.WAIT).until(() -> first.operator.isLeader());
    second =
        RunningOperator.start(
            ApiServer.asOperator(kubeconfig),
            RunningOperator.settings("replica-b", true, Set.of()));

    tool("alpha");
    cluster.awaitTool("ha", "alpha", toolCondition("Ready", "True", null));
    Lease lease =
        admin
            .leases()
            .inNamespace(ApiServer.OPERATOR_NAMESPACE)
            .withName("toolgate-operator")
            .get();
    assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("replica-a");
    assertThat(second.operator.isLeader()).isFalse();
    assertThat(first.reconciled(McpToolReconciler.NAME)).isPositive();
    assertThat(second.reconciled(McpToolReconciler.NAME)).isZero();
    assertThat(second.reconciled("gateway-config")).isZero();

    first.close();
    first = null;
    // A change while nobody leads waits for the next leader.
    tool("beta");
    await().atMost(Duration.ofSeconds(30)).until(() -> second.operator.isLeader());
    assertThat(
            admin
                .leases()
                .inNamespace(ApiServer.OPERATOR_NAMESPACE)
                .withName("toolgate-operator")
                .get()
                .getSpec()
                .getHolderIdentity())
        .isEqualTo("replica-b");
    cluster.awaitTool("ha", "beta", toolCondition("Ready", "True", null));
    cluster.awaitGatewayConfig(
        c -> c.upstream("ha/beta").isPresent() && c.upstream("ha/alpha").isPresent());
    assertThat(second.reconciled(McpToolReconciler.NAME)).isPositive();
  }
}
