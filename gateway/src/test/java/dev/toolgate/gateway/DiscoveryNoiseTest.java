package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toolgate.examples.conformance.ConformanceWorker;
import dev.toolgate.gateway.routing.ToolCatalog;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Tool discovery runs on a timer; in normal operation it does not fill the log: a server without
 * tools is no failure at all, and a worker that is not reachable yet is reported once, not on every
 * refresh, and once more when it answers.
 */
class DiscoveryNoiseTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void aServerWithoutToolsAndAWorkerNotUpYetAreReportedOnceAtMost() throws Exception {
    AtomicInteger discoveries = new AtomicInteger();
    Server promptsOnly = promptsOnlyServer(discoveries);
    int laterPort;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      laterPort = free.getLocalPort();
    }
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    Logger catalogLog = (Logger) LoggerFactory.getLogger(ToolCatalog.class);
    catalogLog.addAppender(log);
    ConformanceWorker later = null;
    try (GatewayFixture gateway =
        GatewayFixture.start(
            dir,
            List.of(
                new GatewayFixture.Upstream(
                    "tools",
                    "prompts",
                    "http://127.0.0.1:"
                        + ((ServerConnector) promptsOnly.getConnectors()[0]).getLocalPort()
                        + "/mcp",
                    "prompts"),
                new GatewayFixture.Upstream(
                    "tools", "later", "http://127.0.0.1:" + laterPort + "/mcp", "later")))) {
      // Five refreshes (one a second in tests), counted by the sessions the worker sees.
      await().atMost(Duration.ofSeconds(20)).until(() -> discoveries.get() >= 5);

      assertThat(warnings(log, "tools/prompts")).isEmpty();
      assertThat(warnings(log, "tools/later"))
          .singleElement()
          .asString()
          .contains("unavailable: connection refused");

      later = ConformanceWorker.start(laterPort, "later");
      gateway.awaitToolCount(16);
      int seen = discoveries.get();
      await().atMost(Duration.ofSeconds(20)).until(() -> discoveries.get() >= seen + 3);
      assertThat(
              log.list.stream()
                  .map(ILoggingEvent::getFormattedMessage)
                  .filter(m -> m.equals("upstream tools/later answers again")))
          .hasSize(1);
      assertThat(warnings(log, "tools/later")).hasSize(1);
    } finally {
      catalogLog.detachAppender(log);
      promptsOnly.stop();
      if (later != null) {
        later.close();
      }
    }
  }

  private static List<String> warnings(ListAppender<ILoggingEvent> log, String upstream) {
    return log.list.stream()
        .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
        .map(ILoggingEvent::getFormattedMessage)
        .filter(m -> m.contains(upstream))
        .toList();
  }

  /**
   * A server that offers prompts only: it declares no tools capability and refuses tools/list with
   * Method not found, as SDK servers without tools do.
   */
  private static Server promptsOnlyServer(AtomicInteger discoveries) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws Exception {
            if (!request.getMethod().equals("POST")) {
              response.setStatus(request.getMethod().equals("DELETE") ? 200 : 405);
              callback.succeeded();
              return true;
            }
            JsonNode message =
                JSON.readTree(Content.Source.asString(request, StandardCharsets.UTF_8));
            String method = message.path("method").asText();
            if (!message.has("id")) {
              response.setStatus(202);
              callback.succeeded();
              return true;
            }
            String answer;
            if (method.equals("initialize")) {
              discoveries.incrementAndGet();
              response.getHeaders().put("Mcp-Session-Id", "s-" + discoveries.get());
              answer =
                  "\"result\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"prompts\":{}},"
                      + "\"serverInfo\":{\"name\":\"prompts-only\",\"version\":\"1\"}}";
            } else {
              answer = "\"error\":{\"code\":-32601,\"message\":\"Method not found\"}";
            }
            response.getHeaders().put("Content-Type", "application/json");
            response.write(
                true,
                ByteBuffer.wrap(
                    ("{\"jsonrpc\":\"2.0\",\"id\":" + message.get("id") + "," + answer + "}")
                        .getBytes(StandardCharsets.UTF_8)),
                callback);
            return true;
          }
        });
    server.start();
    return server;
  }
}
