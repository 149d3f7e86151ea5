package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.api.CrdInstaller;
import dev.toolgate.api.ToolgateNames;
import dev.toolgate.api.config.UpstreamAddressPolicy;
import dev.toolgate.gateway.config.ConfigMapConfigSource;
import dev.toolgate.gateway.report.McpGatewayStatusSink;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The product's control and data path on a real kube-apiserver, for end-to-end tests: the CRDs, the
 * RBAC the chart grants, the McpGateway the chart creates, the operator (its packaged jar, in its
 * own process, allowed to route remote servers on loopback) and a gateway following the ConfigMap
 * and reporting to the McpGateway as its own ServiceAccount, serving without tokens.
 */
final class OperatorAndGateway implements AutoCloseable {

  static final String OPERATOR_NAMESPACE = "toolgate-system";

  final KubernetesClient admin;
  final KubernetesClient asGateway;
  final Process operator;
  final Gateway gateway;

  private OperatorAndGateway(
      KubernetesClient admin, KubernetesClient asGateway, Process operator, Gateway gateway) {
    this.admin = admin;
    this.asGateway = asGateway;
    this.operator = operator;
    this.gateway = gateway;
  }

  /**
   * @param logName the operator's log file under {@code target/e2e}
   */
  static OperatorAndGateway start(String kubeconfig, String logName) throws Exception {
    return start(kubeconfig, logName, null);
  }

  /**
   * @param logName the operator's log file under {@code target/e2e}
   * @param redactionKey the redaction key file both get, as the chart mounts it; {@code null}: none
   */
  static OperatorAndGateway start(String kubeconfig, String logName, Path redactionKey)
      throws Exception {
    KubernetesClient admin =
        new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
    CrdInstaller.installToolgateCrds(admin, "test", Duration.ofSeconds(30));
    for (String namespace : new String[] {OPERATOR_NAMESPACE, "tools"}) {
      admin
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .serverSideApply();
    }
    for (String file :
        List.of("src/main/kubernetes/rbac.yaml", "../operator/src/main/kubernetes/rbac.yaml")) {
      try (InputStream rbac = Files.newInputStream(Path.of(file))) {
        for (HasMetadata object : admin.load(rbac).items()) {
          admin.resource(object).serverSideApply();
        }
      }
    }
    // The McpGateway the chart creates; the operator compiles for it, the gateway reports to it.
    admin
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: toolgate.dev/v1alpha1
                kind: McpGateway
                metadata: {name: toolgate, namespace: %s}
                spec: {}
                """
                    .formatted(OPERATOR_NAMESPACE),
                GenericKubernetesResource.class))
        .serverSideApply();
    Process operator = startOperator(kubeconfig, logName, redactionKey);
    KubernetesClient asGateway =
        ServiceAccountClients.as(kubeconfig, OPERATOR_NAMESPACE, "toolgate-gateway");
    Gateway gateway =
        Gateway.start(
            GatewayOptions.defaults()
                .withAudit(Audits::quiet)
                .withHost("127.0.0.1")
                .withPort(0)
                .withAdminPort(0)
                .withConfigMap(OPERATOR_NAMESPACE + "/" + ToolgateNames.GATEWAY_CONFIGMAP)
                .withCatalogRefresh(Duration.ofSeconds(1))
                .withPolicy(p -> p.withRedactionKeyFile(redactionKey))
                // The operator here has no auth settings: the config it compiles has no auth
                // section, so the gateway serves without tokens only because it is told to.
                .withAllowAnonymous(true),
            new ConfigMapConfigSource(
                asGateway,
                OPERATOR_NAMESPACE,
                ToolgateNames.GATEWAY_CONFIGMAP,
                Duration.ofMillis(200),
                // The workers are "remote" servers on loopback: allowed on both sides, as an
                // operator would allow-list an internal host.
                UpstreamAddressPolicy.strict(
                    "cluster.local",
                    UpstreamAddressPolicy.DEFAULT_SERVICE_CIDRS,
                    UpstreamAddressPolicy.DEFAULT_POD_CIDRS,
                    List.of("127.0.0.1"))),
            new McpGatewayStatusSink(
                asGateway, OPERATOR_NAMESPACE, ToolgateNames.DEFAULT_MCPGATEWAY));
    return new OperatorAndGateway(admin, asGateway, operator, gateway);
  }

  private static Process startOperator(String kubeconfig, String logName, Path redactionKey)
      throws Exception {
    Path jar = Path.of("..", "operator", "target", "toolgate-operator.jar");
    assertThat(jar).as("the operator is packaged before the gateway module's tests run").exists();
    Path dir = Files.createDirectories(Path.of("target", "e2e"));
    Path config = dir.resolve(logName + ".kubeconfig");
    Files.writeString(config, kubeconfig);
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // As its ServiceAccount, with the groups a real token carries: everything the
                // operator does here is checked against operator/src/main/kubernetes/rbac.yaml.
                "-Dkubernetes.impersonate.username=system:serviceaccount:"
                    + OPERATOR_NAMESPACE
                    + ":toolgate-operator",
                "-Dkubernetes.impersonate.group=system:serviceaccounts,system:serviceaccounts:"
                    + OPERATOR_NAMESPACE
                    + ",system:authenticated",
                "-jar",
                jar.toString(),
                "--namespace=" + OPERATOR_NAMESPACE,
                "--leader-election=false",
                "--http-port=" + port,
                "--log-format=text",
                "--remote-url-allow=127.0.0.1"));
    if (redactionKey != null) {
      command.add("--redaction-key-file=" + redactionKey);
    }
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(logName + ".log").toFile());
    builder.environment().put("KUBECONFIG", config.toAbsolutePath().toString());
    return builder.start();
  }

  @Override
  public void close() throws Exception {
    gateway.close();
    operator.destroy();
    operator.waitFor(20, TimeUnit.SECONDS);
    asGateway.close();
    admin.close();
  }
}
