package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker's own error text reaches the gateway's log, and never with a secret in it. */
class WorkerErrorsInLogsTest {

  @TempDir Path dir;

  @Test
  void aWorkersFailedHandshakeIsLoggedWithItsSecretsRedacted() throws Exception {
    Server worker = new Server();
    ServerConnector connector = new ServerConnector(worker);
    connector.setHost("127.0.0.1");
    worker.addConnector(connector);
    String key = "AKIAWORKERLOGCANARY1";
    worker.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws Exception {
            String id =
                new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(
                        org.eclipse.jetty.io.Content.Source.asString(
                            request, StandardCharsets.UTF_8))
                    .path("id")
                    .toString();
            response.getHeaders().put("Content-Type", "application/json");
            response.write(
                true,
                ByteBuffer.wrap(
                    ("{\"jsonrpc\":\"2.0\",\"id\":"
                            + id
                            + ",\"error\":{\"code\":-32000,\"message\":"
                            + "\"cannot start with credentials "
                            + key
                            + "\"}}")
                        .getBytes(StandardCharsets.UTF_8)),
                callback);
            return true;
          }
        });
    worker.start();
    try (Canaries logs = new Canaries();
        GatewayFixture gateway =
            GatewayFixture.start(
                dir,
                List.of(
                    new GatewayFixture.Upstream(
                        "tools",
                        "broken",
                        "http://127.0.0.1:" + connector.getLocalPort() + "/mcp",
                        "broken")))) {
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> logs.logText().contains("cannot start with credentials"));

      assertThat(logs.logText())
          .contains("cannot start with credentials [REDACTED:aws-access-key-id]")
          .doesNotContain(key);
    } finally {
      worker.stop();
    }
  }
}
