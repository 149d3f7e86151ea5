package dev.toolgate.operator.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * {@code /metrics} for Prometheus, {@code /healthz} for the liveness probe (informers healthy) and
 * {@code /readyz} for readiness (started and informers healthy). Plain JDK HTTP: the operator
 * serves three tiny documents and needs no web framework.
 */
public final class OpsHttpServer implements AutoCloseable {

  private final HttpServer server;

  private OpsHttpServer(HttpServer server) {
    this.server = server;
  }

  public static OpsHttpServer start(
      int port, PrometheusMeterRegistry registry, ToolgateOperator operator) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext(
        "/metrics",
        exchange ->
            respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    server.createContext(
        "/healthz",
        exchange -> {
          boolean healthy = operator.runtimeInfo().allEventSourcesAreHealthy();
          respond(
              exchange, healthy ? 200 : 503, "text/plain", healthy ? "ok\n" : unhealthy(operator));
        });
    server.createContext(
        "/readyz",
        exchange -> {
          boolean ready =
              operator.runtimeInfo().isStarted()
                  && operator.runtimeInfo().allEventSourcesAreHealthy();
          String body =
              (ready ? "ready" : "not ready")
                  + (operator.usesLeaderElection()
                      ? (operator.isLeader() ? ", leader" : ", standby")
                      : "")
                  + "\n";
          respond(exchange, ready ? 200 : 503, "text/plain", body);
        });
    server.setExecutor(Executors.newSingleThreadExecutor(r -> new Thread(r, "ops-http")));
    server.start();
    return new OpsHttpServer(server);
  }

  private static String unhealthy(ToolgateOperator operator) {
    return "unhealthy event sources: "
        + operator.runtimeInfo().unhealthyEventSources().keySet()
        + "\n";
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
