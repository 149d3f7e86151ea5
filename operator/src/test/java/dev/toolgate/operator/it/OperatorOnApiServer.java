package dev.toolgate.operator.it;

import dev.toolgate.operator.config.OperatorSettings;
import dev.toolgate.operator.config.SettingsParser;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;

/**
 * A fresh kube-apiserver per test class with Toolgate installed as a cluster admin would, one
 * operator watching every namespace as its ServiceAccount, and a stand-in for the gateway that
 * reports every config as loaded. Subclasses may re-declare {@link EnableKubeAPIServer} to pass API
 * server flags, and give the operator's flags with {@link OperatorFlags}.
 */
@EnableKubeAPIServer
abstract class OperatorOnApiServer {

  @KubeConfig static String kubeconfig;

  static KubernetesClient admin;
  static Cluster cluster;
  static RunningOperator operator;
  static GatewayStandIn gateway;

  @BeforeAll
  static void startOperator(TestInfo test) {
    OperatorFlags flags =
        test.getTestClass().map(c -> c.getAnnotation(OperatorFlags.class)).orElse(null);
    start(flags == null ? RunningOperator.settings("it", false, Set.of()) : parse(flags));
  }

  /** Installs Toolgate and starts the stand-in and the operator with these settings. */
  static void start(OperatorSettings settings) {
    admin = ApiServer.admin(kubeconfig);
    ApiServer.install(admin);
    cluster = new Cluster(admin);
    gateway = GatewayStandIn.start(kubeconfig);
    operator = RunningOperator.start(ApiServer.asOperator(kubeconfig), settings);
  }

  private static OperatorSettings parse(OperatorFlags flags) {
    List<String> args = new ArrayList<>();
    args.add("--namespace=" + ApiServer.OPERATOR_NAMESPACE);
    args.add("--leader-election=false");
    args.add("--http-port=0");
    args.add("--identity=" + flags.identity());
    args.addAll(List.of(flags.value()));
    Map<String, String> env = new LinkedHashMap<>();
    for (String variable : flags.env()) {
      env.put(
          variable.substring(0, variable.indexOf('=')),
          variable.substring(variable.indexOf('=') + 1));
    }
    return SettingsParser.parse(args.toArray(String[]::new), env);
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
