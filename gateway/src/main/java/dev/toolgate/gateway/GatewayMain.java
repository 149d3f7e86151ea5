package dev.toolgate.gateway;

import dev.toolgate.gateway.config.ConfigMapConfigSource;
import dev.toolgate.gateway.config.ConfigSource;
import dev.toolgate.gateway.config.FileConfigSource;
import dev.toolgate.gateway.report.McpGatewayStatusSink;
import dev.toolgate.gateway.report.StatusSink;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the gateway from flags and environment; see {@link GatewayOptions} for both. */
public final class GatewayMain {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayMain.class);

  private GatewayMain() {}

  public static void main(String[] args) throws Exception {
    if (java.util.Arrays.asList(args).contains("--help")) {
      System.out.print(GatewayOptions.help());
      return;
    }
    GatewayOptions options;
    try {
      options = GatewayOptions.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("toolgate-gateway: " + e.getMessage());
      System.err.print(GatewayOptions.help());
      System.exit(2);
      return;
    }
    ConfigSource source;
    StatusSink status = null;
    if (options.configFile() != null) {
      source = new FileConfigSource(options.configFile(), Duration.ofSeconds(1));
    } else {
      KubernetesClient client = new KubernetesClientBuilder().build();
      String[] ref = options.configMap().split("/");
      source =
          new ConfigMapConfigSource(
              client, ref[0], ref[1], Duration.ofSeconds(2), options.clusterAddressPolicy());
      String[] gateway = options.reportTo().orElseThrow().split("/");
      status = new McpGatewayStatusSink(client, gateway[0], gateway[1]);
    }
    Gateway gateway;
    try {
      gateway = Gateway.start(options, source, status);
    } catch (IllegalArgumentException e) {
      // Settings only the start can judge, such as the OTEL_* variables of tracing.
      System.err.println("toolgate-gateway: " + e.getMessage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    gateway.close();
                  } catch (Exception e) {
                    LOG.warn("shutdown: {}", e.toString());
                  }
                }));
    LOG.info(
        "toolgate gateway {} serving, config from {}, reporting to {}",
        Gateway.VERSION,
        source.describe(),
        status == null ? "nothing (dev mode)" : status.describe());
    System.out.println("MCP URL: http://localhost:" + gateway.port() + "/mcp");
    if (gateway.adminPort() >= 0) {
      System.out.println("Metrics: http://localhost:" + gateway.adminPort() + "/metrics");
    }
    gateway.join();
  }
}
