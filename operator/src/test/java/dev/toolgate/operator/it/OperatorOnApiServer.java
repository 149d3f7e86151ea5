package dev.toolgate.operator.it;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A fresh kube-apiserver per test class with Toolgate installed as a cluster admin would, one
 * operator watching every namespace as its ServiceAccount, and a stand-in for the gateway that
 * reports every config as loaded. Subclasses may re-declare {@link EnableKubeAPIServer} to pass API
 * server flags.
 */
@EnableKubeAPIServer
abstract class OperatorOnApiServer {

  @KubeConfig static String kubeconfig;

  static KubernetesClient admin;
  static Cluster cluster;
  static RunningOperator operator;
  static GatewayStandIn gateway;

  @BeforeAll
  static void startOperator() {
    admin = ApiServer.admin(kubeconfig);
    ApiServer.install(admin);
    cluster = new Cluster(admin);
    gateway = GatewayStandIn.start(kubeconfig);
    operator =
        RunningOperator.start(
            ApiServer.asOperator(kubeconfig), RunningOperator.settings("it", false, Set.of()));
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
    if (gateway != null) {
      gateway.close();
    }
    admin.close();
  }
}
