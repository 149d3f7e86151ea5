package dev.toolgate.operator.it;

import dev.toolgate.api.ToolgateNames;
import dev.toolgate.operator.config.OperatorSettings;
import dev.toolgate.operator.metrics.ToolgateMeterFilter;
import dev.toolgate.operator.model.GatewayJwks;
import dev.toolgate.operator.model.WorkerSettings;
import dev.toolgate.operator.runtime.OpsHttpServer;
import dev.toolgate.operator.runtime.ToolgateOperator;
import dev.toolgate.operator.validation.PlatformPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/** An operator process inside the test JVM, wired exactly as {@code Main} wires it. */
final class RunningOperator implements AutoCloseable {

  final ToolgateOperator operator;
  final PrometheusMeterRegistry registry;
  final OpsHttpServer http;
  private final KubernetesClient client;

  private RunningOperator(
      ToolgateOperator operator,
      PrometheusMeterRegistry registry,
      OpsHttpServer http,
      KubernetesClient client) {
    this.operator = operator;
    this.registry = registry;
    this.http = http;
    this.client = client;
  }

  /** The redaction key every test operator shares with its gateway, as the chart's Secret holds. */
  /** Where the chart tells the operator workers fetch the gateway's JWKS, for the test gateway. */
  static final String GATEWAY_JWKS_URL =
      "http://toolgate-gateway-jwks.toolgate-gateway.svc.cluster.local:8082/.well-known/jwks.json";

  static final byte[] REDACTION_KEY =
      "it-redaction-key-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private static Path redactionKeyFile() {
    try {
      Path file = Files.createTempFile("toolgate-redaction-", ".key");
      file.toFile().deleteOnExit();
      return Files.write(file, REDACTION_KEY);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static OperatorSettings settings(String identity, boolean leaderElection, Set<String> watch) {
    return new OperatorSettings(
        ApiServer.OPERATOR_NAMESPACE,
        watch,
        // As the chart configures it: workers that ask may fetch the gateway's JWKS.
        WorkerSettings.defaults("toolgate-gateway")
            .withGatewayJwks(GatewayJwks.parse(GATEWAY_JWKS_URL)),
        null,
        leaderElection,
        new OperatorSettings.LeaseSettings(
            "toolgate-operator",
            Duration.ofSeconds(4),
            Duration.ofSeconds(3),
            Duration.ofMillis(500),
            false),
        0,
        identity,
        Duration.ofSeconds(1),
        OperatorSettings.Boundaries.defaults(),
        ToolgateNames.DEFAULT_MCPGATEWAY,
        redactionKeyFile(),
        PlatformPolicy.none());
  }

  static RunningOperator start(KubernetesClient client, OperatorSettings settings) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new ToolgateMeterFilter());
    ToolgateOperator operator =
        ToolgateOperator.create(client, settings, registry, Clock.systemUTC());
    try {
      OpsHttpServer http = OpsHttpServer.start(0, registry, operator);
      operator.start();
      return new RunningOperator(operator, registry, http, client);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reconciliations of a controller that finished without an exception. */
  double reconciled(String controller) {
    return count("toolgate.operator.controllers.execution.reconcile.success", controller);
  }

  /** Reconciliations of a controller that threw (and so will be retried). */
  double failed(String controller) {
    return count("toolgate.operator.controllers.execution.reconcile.failure", controller);
  }

  private double count(String name, String controller) {
    return registry.find(name).tag("controller", controller).counters().stream()
        .mapToDouble(io.micrometer.core.instrument.Counter::count)
        .sum();
  }

  @Override
  public void close() {
    operator.close();
    http.close();
    client.close();
  }
}
