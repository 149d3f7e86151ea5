package dev.toolgate.operator;

import dev.toolgate.operator.config.OperatorSettings;
import dev.toolgate.operator.config.SettingsParser;
import dev.toolgate.operator.metrics.ToolgateMeterFilter;
import dev.toolgate.operator.runtime.OpsHttpServer;
import dev.toolgate.operator.runtime.ToolgateOperator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's entry point: {@code java -jar toolgate-operator.jar [--flag=value ...]}. Settings
 * come from flags and {@code TOOLGATE_*} environment variables ({@code --help} lists them); the
 * cluster connection from the in-cluster service account or {@code KUBECONFIG}.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws Exception {
    if (Arrays.asList(args).contains("--help")) {
      System.out.print(SettingsParser.help());
      return;
    }
    OperatorSettings settings;
    try {
      // The log format must be known before the first logger is created.
      logFormat(args);
      settings = SettingsParser.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("toolgate-operator: " + e.getMessage());
      System.exit(2);
      return;
    }
    Logger log = LoggerFactory.getLogger(Main.class);

    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new ToolgateMeterFilter());
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);

    KubernetesClient client = new KubernetesClientBuilder().build();
    ToolgateOperator operator =
        ToolgateOperator.create(client, settings, registry, Clock.systemUTC());
    OpsHttpServer http = OpsHttpServer.start(settings.httpPort(), registry, operator);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("Stopping");
                  operator.close();
                  http.close();
                  client.close();
                },
                "shutdown"));
    log.info(
        "Toolgate operator {} in namespace {}, watching {}, metrics and probes on :{}",
        settings.identity(),
        settings.namespace(),
        settings.watchNamespaces().isEmpty() ? "all namespaces" : settings.watchNamespaces(),
        http.port());
    operator.start();
  }

  private static void logFormat(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].startsWith("--log-format=")) {
        System.setProperty("toolgate.log.format", args[i].substring("--log-format=".length()));
      } else if (args[i].equals("--log-format") && i + 1 < args.length) {
        System.setProperty("toolgate.log.format", args[i + 1]);
      }
    }
  }
}
