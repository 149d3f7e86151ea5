package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.toolgate.examples.conformance.ConformanceWorker;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Live config: swaps under load, rejected configs, readiness. */
class ConfigReloadTest {

  @TempDir Path temp;

  private ConformanceWorker alpha;
  private ConformanceWorker beta;

  @BeforeEach
  void startWorkers() throws Exception {
    alpha = ConformanceWorker.start(0, "alpha");
    beta = ConformanceWorker.start(0, "beta");
  }

  @AfterEach
  void stopWorkers() throws Exception {
    alpha.close();
    beta.close();
  }

  private List<GatewayFixture.Upstream> both(String timeout) {
    return List.of(
        new GatewayFixture.Upstream("tools", "alpha", alpha.url(), "alpha", timeout),
        new GatewayFixture.Upstream("tools", "beta", beta.url(), "beta", timeout));
  }

  @Test
  void callsInFlightSucceedWhileTheConfigIsSwappedRepeatedly() throws Exception {
    try (GatewayFixture gateway = GatewayFixture.start(temp, both("30s"))) {
      gateway.awaitToolCount(32);
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger calls = new AtomicInteger();
      ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
      List<Thread> callers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        String url =
            i % 2 == 0 ? gateway.aggregatedUrl() : gateway.passthroughUrl("tools", "alpha");
        String tool = i % 2 == 0 ? "beta.echo" : "echo";
        callers.add(
            Thread.startVirtualThread(
                () -> {
                  try (McpSyncClient client = GatewayFixture.connect(url)) {
                    while (running.get()) {
                      String text =
                          ((TextContent)
                                  client
                                      .callTool(
                                          CallToolRequest.builder(tool)
                                              .arguments(Map.of("text", "x"))
                                              .build())
                                      .content()
                                      .getFirst())
                              .text();
                      if (!text.endsWith(": x")) {
                        failures.add(new AssertionError("unexpected answer " + text));
                      }
                      calls.incrementAndGet();
                    }
                  } catch (Throwable e) {
                    failures.add(e);
                  }
                }));
      }
      // Ten swaps: timeouts change and a third worker comes and goes, so the routing table and
      // the tool list are rebuilt every time while calls to the other workers are in flight.
      for (int i = 0; i < 10; i++) {
        Thread.sleep(150);
        List<GatewayFixture.Upstream> upstreams = new ArrayList<>(both((20 + i) + "s"));
        if (i % 2 == 0) {
          upstreams.add(new GatewayFixture.Upstream("tools", "gamma", alpha.url(), "gamma"));
        }
        gateway.writeConfig(GatewayFixture.config(upstreams));
        String expected = (20 + i) + "s";
        await()
            .atMost(Duration.ofSeconds(5))
            .until(
                () ->
                    gateway
                        .gateway()
                        .configs()
                        .current()
                        .orElseThrow()
                        .config()
                        .upstreams()
                        .getFirst()
                        .timeout()
                        .equals(expected));
      }
      running.set(false);
      for (Thread caller : callers) {
        caller.join(Duration.ofSeconds(20));
      }
      assertThat(failures).isEmpty();
      assertThat(calls.get()).isGreaterThan(40);
    }
  }

  @Test
  void anInvalidConfigIsRejectedAndThePreviousOneStaysInForce() throws Exception {
    try (GatewayFixture gateway = GatewayFixture.start(temp, both("30s"));
        McpSyncClient client = GatewayFixture.connect(gatewayUrl(gateway))) {
      gateway.awaitToolCount(32);
      String hash = gateway.gateway().configs().current().orElseThrow().hash();

      gateway.writeConfig(
          GatewayFixture.config(both("30s")).replace("toolPrefix: beta", "toolPrefix: ''"));
      gateway.writeConfig("version: [not, a, config");
      Thread.sleep(500);

      assertThat(gateway.gateway().configs().current().orElseThrow().hash()).isEqualTo(hash);
      assertThat(
              ((TextContent)
                      client
                          .callTool(
                              CallToolRequest.builder("beta.echo")
                                  .arguments(Map.of("text", "ok"))
                                  .build())
                          .content()
                          .getFirst())
                  .text())
          .isEqualTo("beta: ok");
    }
  }

  @Test
  void notReadyUntilAValidConfigIsLoaded() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("late"));
    Path file = dir.resolve("gateway-config.yaml");
    Files.writeString(file, "version: toolgate.dev/gateway-config/v0\n");
    try (Gateway gateway =
            Gateway.start(
                GatewayOptions.defaults()
                    .withAudit(Audits::quiet)
                    .withHost("127.0.0.1")
                    .withPort(0)
                    .withAdminPort(0)
                    .withConfigFile(file)
                    .withAllowAnonymous(true),
                new dev.toolgate.gateway.config.FileConfigSource(file, Duration.ofMillis(100)));
        RawMcp raw = new RawMcp()) {
      String readyz = "http://127.0.0.1:" + gateway.port() + "/readyz";
      String healthz = "http://127.0.0.1:" + gateway.port() + "/healthz";
      assertThat(raw.http().GET(healthz).getStatus()).isEqualTo(200);
      ContentResponse notReady = raw.http().GET(readyz);
      assertThat(notReady.getStatus()).isEqualTo(503);
      assertThat(notReady.getContentAsString()).contains("no valid config");

      Files.writeString(file, GatewayFixture.config(both("30s")));
      await().atMost(Duration.ofSeconds(5)).until(() -> raw.http().GET(readyz).getStatus() == 200);
      assertThat(raw.http().GET(readyz).getContentAsString()).contains("\"upstreams\":2");
    }
  }

  private static String gatewayUrl(GatewayFixture gateway) {
    return gateway.aggregatedUrl();
  }
}
