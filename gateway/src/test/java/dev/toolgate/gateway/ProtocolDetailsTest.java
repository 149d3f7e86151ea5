package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.toolgate.examples.conformance.ConformanceWorker;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transport details real clients run into: Accept, re-initialize, stray responses, CORS, readiness.
 */
class ProtocolDetailsTest {

  @TempDir static Path temp;

  private static ConformanceWorker worker;
  private static GatewayFixture gateway;
  private RawMcp raw;

  @BeforeAll
  static void start() throws Exception {
    worker = ConformanceWorker.start(0, "alpha");
    gateway =
        GatewayFixture.start(
            temp, List.of(new GatewayFixture.Upstream("tools", "alpha", worker.url(), "alpha")));
    gateway.awaitToolCount(16);
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
    worker.close();
  }

  @BeforeEach
  void openClient() throws Exception {
    raw = new RawMcp();
  }

  @AfterEach
  void closeClient() throws Exception {
    raw.close();
  }

  @Test
  void aPostWithoutAcceptIs406() throws Exception {
    for (String url : List.of(gateway.aggregatedUrl(), gateway.passthroughUrl("tools", "alpha"))) {
      ContentResponse response =
          raw.http()
              .newRequest(url)
              .method(HttpMethod.POST)
              .headers(h -> h.put("Content-Type", "application/json"))
              .body(new BytesRequestContent(RawMcp.INITIALIZE.getBytes()))
              .timeout(10, TimeUnit.SECONDS)
              .send();
      assertThat(response.getStatus()).as(url).isEqualTo(406);
    }
  }

  @Test
  void aSecondInitializeInALiveSessionIsRefusedAndAStaleIdIsIgnored() throws Exception {
    for (String url : List.of(gateway.aggregatedUrl(), gateway.passthroughUrl("tools", "alpha"))) {
      String session = raw.initialize(url);
      ContentResponse again = raw.post(url, RawMcp.INITIALIZE, session);
      assertThat(again.getStatus()).as(url).isEqualTo(400);
      assertThat(again.getContentAsString()).contains("already initialized");
      ContentResponse stale = raw.post(url, RawMcp.INITIALIZE, "no-such-session");
      assertThat(stale.getStatus()).as(url).isEqualTo(200);
      assertThat(stale.getHeaders().get("Mcp-Session-Id")).isNotEqualTo("no-such-session");
    }
  }

  @Test
  void aResponseToNoPendingRequestIsAcceptedAndDropped() throws Exception {
    String session = raw.initialize(gateway.aggregatedUrl());
    ContentResponse response =
        raw.post(
            gateway.aggregatedUrl(),
            "{\"jsonrpc\":\"2.0\",\"id\":\"tg-99\",\"result\":{}}",
            session);
    assertThat(response.getStatus()).isEqualTo(202);
  }

  @Test
  void browserClientsGetCorsFromAllowedOriginsOnly() throws Exception {
    String origin = "http://localhost:3000";
    ContentResponse preflight =
        raw.http()
            .newRequest(gateway.aggregatedUrl())
            .method(HttpMethod.OPTIONS)
            .headers(
                h -> {
                  h.put("Origin", origin);
                  h.put("Access-Control-Request-Method", "POST");
                  h.put("Access-Control-Request-Headers", "content-type, mcp-session-id");
                })
            .timeout(10, TimeUnit.SECONDS)
            .send();
    assertThat(preflight.getStatus()).isEqualTo(204);
    assertThat(preflight.getHeaders().get("Access-Control-Allow-Origin")).isEqualTo(origin);
    assertThat(preflight.getHeaders().get("Access-Control-Allow-Methods")).contains("POST");
    assertThat(preflight.getHeaders().get("Access-Control-Allow-Headers"))
        .contains("Mcp-Session-Id");

    ContentResponse initialize =
        raw.post(gateway.aggregatedUrl(), RawMcp.INITIALIZE, Map.of("Origin", origin)).send();
    assertThat(initialize.getStatus()).isEqualTo(200);
    assertThat(initialize.getHeaders().get("Access-Control-Allow-Origin")).isEqualTo(origin);
    assertThat(initialize.getHeaders().get("Access-Control-Expose-Headers"))
        .contains("Mcp-Session-Id");

    ContentResponse foreign =
        raw.http()
            .newRequest(gateway.aggregatedUrl())
            .method(HttpMethod.OPTIONS)
            .headers(h -> h.put("Origin", "https://evil.example"))
            .timeout(10, TimeUnit.SECONDS)
            .send();
    assertThat(foreign.getStatus()).isEqualTo(403);
    assertThat(foreign.getHeaders().get("Access-Control-Allow-Origin")).isNull();
  }

  @Test
  void theGatewayIsReadyOnlyOnceEveryUpstreamWasAskedForItsTools() throws Exception {
    List<Socket> held = new CopyOnWriteArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  while (true) {
                    held.add(silent.accept()); // never answers: discovery hangs
                  }
                } catch (Exception closed) {
                  // the test is over
                }
              });
      String url = "http://127.0.0.1:" + silent.getLocalPort() + "/mcp";
      try (GatewayFixture hanging =
          GatewayFixture.start(
              Files.createTempDirectory(temp, "hang"),
              List.of(new GatewayFixture.Upstream("tools", "silent", url, "s")))) {
        String readyz = "http://127.0.0.1:" + hanging.gateway().port() + "/readyz";
        await().atMost(Duration.ofSeconds(10)).until(() -> !held.isEmpty());
        ContentResponse notYet = raw.http().GET(readyz);
        assertThat(notYet.getStatus()).isEqualTo(503);
        assertThat(notYet.getContentAsString()).contains("first tool discovery");
        for (Socket socket : held) {
          socket.close(); // the discovery fails now: that counts as asked
        }
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> raw.http().GET(readyz).getStatus() == 200);
      }
    } finally {
      for (Socket socket : held) {
        socket.close();
      }
    }
  }
}
