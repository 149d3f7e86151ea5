package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.examples.conformance.ConformanceWorker;
import dev.toolgate.gateway.transport.SelectorHttpConnectionFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The selector-resumed connections rest on Jetty internals. This fails loudly when a Jetty upgrade
 * stops them from working (they no longer link, or idle connections are no longer resumed through
 * them), and shows the stock connections that then serve instead.
 */
class ServerConnectionsTest {

  @TempDir static Path temp;

  private static ConformanceWorker worker;

  @BeforeAll
  static void start() throws Exception {
    worker = ConformanceWorker.start(0, "alpha");
  }

  @AfterAll
  static void stop() throws Exception {
    worker.close();
  }

  @Test
  void selectorConnectionsWorkWithThisJetty() throws Exception {
    try (GatewayFixture gateway = start(true)) {
      assertThat(gateway.gateway().connections().selector())
          .as("SelectorHttpConnectionFactory failed to link with this Jetty: re-check it")
          .isTrue();
      callsOnOneConnection(gateway);
      SelectorHttpConnectionFactory.ResumingThreadPool threads =
          (SelectorHttpConnectionFactory.ResumingThreadPool)
              gateway.gateway().connections().threads();
      assertThat(threads.resumedOnSelector())
          .as("no keep-alive connection was resumed on the selector: Jetty changed how it resumes")
          .isPositive();
    }
  }

  @Test
  void theStockConnectionsServeWhenSwitchedOff() throws Exception {
    try (GatewayFixture gateway = start(false)) {
      assertThat(gateway.gateway().connections().selector()).isFalse();
      callsOnOneConnection(gateway);
    }
  }

  private static GatewayFixture start(boolean selector) throws Exception {
    return GatewayFixture.start(
        Files.createTempDirectory(temp, "gw"),
        List.of(new GatewayFixture.Upstream("tools", "alpha", worker.url(), "alpha")),
        options -> options.withSelectorConnections(selector));
  }

  private static void callsOnOneConnection(GatewayFixture gateway) throws Exception {
    gateway.awaitToolCount(16);
    try (RawMcp raw = new RawMcp()) {
      String session = raw.initialize(gateway.aggregatedUrl());
      for (int i = 0; i < 20; i++) {
        assertThat(
                raw.post(
                        gateway.aggregatedUrl(),
                        "{\"jsonrpc\":\"2.0\",\"id\":"
                            + i
                            + ",\"method\":\"tools/call\",\"params\":{\"name\":"
                            + "\"alpha.test_simple_text\",\"arguments\":{}}}",
                        session)
                    .getContentAsString())
            .contains("\"result\"");
      }
    }
  }
}
