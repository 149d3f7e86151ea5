package dev.toolgate.gateway.admin;

import dev.toolgate.gateway.health.HealthHandler;
import dev.toolgate.gateway.metrics.GatewayMetrics;
import dev.toolgate.gateway.replay.ReplayHandler;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The admin listener: Prometheus {@code /metrics}, the health endpoints and the session replay page
 * ({@code /replay/}), on a port of its own with a server of its own, so nothing of MCP is reachable
 * here and nothing of this on the public port. Scrapes, probes and audit reads never compete with
 * MCP traffic for threads or connections.
 */
public final class AdminServer implements AutoCloseable {

  /** The Prometheus text exposition format, version 0.0.4. */
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final Server server;

  private AdminServer(Server server) {
    this.server = server;
  }

  /** Starts listening on {@code host:port} (port 0: any free port). */
  public static AdminServer start(
      String host, int port, GatewayMetrics metrics, HealthHandler health, ReplayHandler replay)
      throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool(8, 2);
    threads.setName("gateway-admin");
    threads.setDaemon(true);
    Server server = new Server(threads);
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(new Routes(metrics, health, replay));
    server.start();
    return new AdminServer(server);
  }

  public int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }

  private static final class Routes extends Handler.Abstract {
    private final GatewayMetrics metrics;
    private final HealthHandler health;
    private final ReplayHandler replay;

    Routes(GatewayMetrics metrics, HealthHandler health, ReplayHandler replay) {
      this.metrics = metrics;
      this.health = health;
      this.replay = replay;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String path = Request.getPathInContext(request);
      if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
        text(response, callback, 405, "text/plain; charset=utf-8", "method not allowed\n");
        return true;
      }
      if (ReplayHandler.owns(path)) {
        replay.handle(path, request, response, callback);
        return true;
      }
      switch (path) {
        case "/metrics" -> text(response, callback, 200, PROMETHEUS_TEXT, metrics.scrape());
        case "/healthz" -> health.live(response, callback);
        case "/readyz" -> health.ready(response, callback);
        default -> text(response, callback, 404, "text/plain; charset=utf-8", "not found\n");
      }
      return true;
    }

    private static void text(
        Response response, Callback callback, int status, String type, String body) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      response.setStatus(status);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
      response.write(true, java.nio.ByteBuffer.wrap(bytes), callback);
    }
  }
}
