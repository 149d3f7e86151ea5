package dev.toolgate.gateway.transport;

import dev.toolgate.gateway.http.HttpResponses;
import dev.toolgate.gateway.identity.IdentityKeys;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A listener for workers that verify identity tokens: it serves the JWKS at {@value WellKnown#JWKS}
 * and nothing else, so a worker's NetworkPolicy can open this port without opening {@code /mcp}
 * (where a sandboxed worker has no business) or the admin port. A server of its own, a bean of the
 * gateway's server, so it starts and stops with it.
 */
public final class JwksListener extends ContainerLifeCycle {

  private final Server server;

  private JwksListener(Server server) {
    this.server = server;
    addBean(server, true);
  }

  /** Listens on {@code host:port} (0: any free port) once {@code gateway} starts. */
  public static JwksListener attach(Server gateway, String host, int port, IdentityKeys keys) {
    QueuedThreadPool threads = new QueuedThreadPool(8, 1);
    threads.setName("gateway-jwks");
    threads.setDaemon(true);
    Server server = new Server(threads);
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(new Jwks(keys));
    JwksListener listener = new JwksListener(server);
    gateway.addBean(listener, true);
    return listener;
  }

  public int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  private static final class Jwks extends Handler.Abstract.NonBlocking {
    private final IdentityKeys keys;

    Jwks(IdentityKeys keys) {
      this.keys = keys;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      if (!WellKnown.JWKS.equals(Request.getPathInContext(request))) {
        text(response, callback, 404, "not found\n");
      } else if (!"GET".equals(request.getMethod())) {
        response.getHeaders().put(HttpHeader.ALLOW, "GET");
        text(response, callback, 405, "method not allowed\n");
      } else {
        // As on the public port: a worker may keep it five minutes, and the next key is in it
        // well before it signs.
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "public, max-age=300");
        HttpResponses.json(response, callback, 200, keys.jwks());
      }
      return true;
    }

    private static void text(Response response, Callback callback, int status, String body) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      response.setStatus(status);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
      response.write(true, ByteBuffer.wrap(bytes), callback);
    }
  }
}
