package dev.toolgate.operator.it;

import static dev.toolgate.operator.it.Cluster.toolCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.toolgate.api.v1alpha1.McpTool;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged entry point, {@code java -jar target/toolgate-operator.jar}, as a separate process
 * configured by flags and environment variables, against a real API server.
 */
@EnableKubeAPIServer
class MainIT {

  @KubeConfig static String kubeconfig;

  static KubernetesClient admin;
  static Process process;
  static Path log;
  static GatewayStandIn gateway;

  @BeforeAll
  static void install() {
    admin = ApiServer.admin(kubeconfig);
    ApiServer.install(admin);
    ApiServer.namespace(admin, "main", Map.of());
    gateway = GatewayStandIn.start(kubeconfig);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (process != null) {
      process.destroy();
      process.waitFor(20, TimeUnit.SECONDS);
    }
    gateway.close();
    admin.close();
  }

  @Test
  void theJarRunsTheOperatorWithJsonLogsProbesAndALease() throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "main-it"));
    Path config = dir.resolve("kubeconfig");
    Files.writeString(config, kubeconfig);
    log = dir.resolve("operator.log");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "-jar",
                Path.of("target", "toolgate-operator.jar").toString(),
                "--http-port=" + port,
                "--identity=main-it")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("KUBECONFIG", config.toAbsolutePath().toString());
    builder.environment().put("TOOLGATE_NAMESPACE", ApiServer.OPERATOR_NAMESPACE);
    builder.environment().put("TOOLGATE_GATEWAY_NAMESPACE", "toolgate-gateway");
    builder.environment().remove("TOOLGATE_LOG_FORMAT");
    process = builder.start();

    HttpClient http = HttpClient.newHttpClient();
    URI readyz = URI.create("http://127.0.0.1:" + port + "/readyz");
    String ready =
        await()
            .atMost(Duration.ofSeconds(60))
            .ignoreExceptions()
            .until(
                () ->
                    http.send(
                        HttpRequest.newBuilder(readyz).build(),
                        HttpResponse.BodyHandlers.ofString()),
                r -> r.statusCode() == 200 && r.body().contains("leader"))
            .body();
    assertThat(ready).startsWith("ready, leader");
    assertThat(
            admin
                .leases()
                .inNamespace(ApiServer.OPERATOR_NAMESPACE)
                .withName("toolgate-operator")
                .get()
                .getSpec()
                .getHolderIdentity())
        .isEqualTo("main-it");

    new Cluster(admin)
        .apply(
            """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpTool
        metadata: {name: echo, namespace: main}
        spec:
          remote: {url: "https://echo.example.com/mcp"}
          tools: [{name: echo}]
        """,
            McpTool.class);
    new Cluster(admin).awaitTool("main", "echo", toolCondition("Ready", "True", null));
    new Cluster(admin).awaitGatewayConfig(c -> c.upstream("main/echo").isPresent());

    String metrics =
        http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(metrics).contains("toolgate_operator_leader 1.0").contains("jvm_memory_used_bytes");

    List<String> lines = Files.readAllLines(log);
    assertThat(lines)
        .isNotEmpty()
        .allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}"));
    assertThat(lines)
        .anySatisfy(line -> assertThat(line).contains("\"formattedMessage\":\"Gateway config"));
    assertThat(lines).anySatisfy(line -> assertThat(line).contains("\"resource.name\":\"echo\""));

    // Kubernetes stops a pod with SIGTERM: the leader gives up its Lease and the process ends.
    process.destroy();
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("the operator ends on SIGTERM").isTrue();
  }
}
