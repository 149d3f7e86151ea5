package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's Prometheus metrics, scraped from its admin port and parsed as the exposition
 * format: they move with real calls through a real gateway in front of a real worker.
 */
class GatewayMetricsTest {

  @TempDir static Path dir;

  static PolicyWorker worker;
  static Gateway gateway;
  static RawMcp raw;

  @BeforeAll
  static void start() throws Exception {
    // No Secret fingerprints: metrics, not redaction, are under test here.
    worker = new PolicyWorker("nothing secret");
    gateway =
        PolicyGateways.start(
            dir, PolicyGateways.config(worker.url(), List.of()), UnaryOperator.identity());
    raw = new RawMcp();
  }

  @AfterAll
  static void stop() throws Exception {
    raw.close();
    gateway.close();
    worker.close();
  }

  static PrometheusText scrape(int adminPort) throws Exception {
    ContentResponse response = raw.http().GET("http://127.0.0.1:" + adminPort + "/metrics");
    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(response.getHeaders().get("Content-Type"))
        .isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    return PrometheusText.parse(response.getContentAsString());
  }

  @Test
  void policyCountersSessionsAndPoolsMoveWithRealCalls() throws Exception {
    PrometheusText before = scrape(gateway.adminPort());
    PrometheusText during;
    try (PolicyClient client = new PolicyClient(gateway.url())) {
      client.call("shop.lookup", "{\"sku\":\"metrics-1\"}");
      client.call("shop.lookup", "{\"sku\":\"metrics-1\"}");
      for (int i = 0; i < 4; i++) {
        client.call("shop.quote", "{\"metrics\":" + i + "}");
      }
      for (int i = 0; i < 4; i++) {
        client.call("shop.watch", "{\"metrics\":true}");
      }
      during = scrape(gateway.adminPort());
    }

    assertThat(during.value("toolgate_sessions_open"))
        .isGreaterThanOrEqualTo(before.value("toolgate_sessions_open") + 1);
    assertThat(delta(before, during, "toolgate_cache_lookups_total", "result", "hit")).isEqualTo(1);
    assertThat(delta(before, during, "toolgate_cache_lookups_total", "result", "miss"))
        .isEqualTo(1);
    assertThat(delta(before, during, "toolgate_cache_stores_total")).isEqualTo(1);
    assertThat(delta(before, during, "toolgate_rate_limited_total")).isEqualTo(1);
    assertThat(delta(before, during, "toolgate_loops_detected_total")).isEqualTo(1);
    assertThat(delta(before, during, "toolgate_budget_refused_total")).isZero();
    assertThat(
            during.value("toolgate_upstream_connections", "pool", "calls", "state", "active")
                + during.value("toolgate_upstream_connections", "pool", "calls", "state", "idle"))
        .isGreaterThanOrEqualTo(1);
    assertThat(during.types())
        .containsEntry("toolgate_rate_limited_total", "counter")
        .containsEntry("toolgate_sessions_open", "gauge")
        .containsEntry("toolgate_upstream_connections", "gauge");
  }

  @Test
  void theConfigInForceIsOneSeriesWithItsHashAndItsLoadIsCounted() throws Exception {
    PrometheusText metrics = scrape(gateway.adminPort());

    String hash = gateway.configs().current().orElseThrow().hash();
    assertThat(metrics.matching("toolgate_config_info")).hasSize(1);
    assertThat(metrics.value("toolgate_config_info", "hash", hash)).isEqualTo(1);
    assertThat(metrics.value("toolgate_config_loads_total", "result", "applied"))
        .isGreaterThanOrEqualTo(1);
    assertThat(metrics.value("toolgate_config_loads_total", "result", "rejected")).isZero();
    assertThat(metrics.value("toolgate_config_last_applied_timestamp_seconds"))
        .isCloseTo(
            gateway.configs().current().orElseThrow().loadedAt().getEpochSecond(),
            org.assertj.core.data.Offset.offset(1.0));
  }

  @Test
  void aRejectedConfigIsCountedAndTheInfoStaysOnTheHashInForce(@TempDir Path configDir)
      throws Exception {
    try (SpyWorker spy = new SpyWorker();
        GatewayFixture fixture =
            GatewayFixture.start(
                configDir,
                List.of(new GatewayFixture.Upstream("tools", "spy", spy.url(), "spy")))) {
      int admin = fixture.gateway().adminPort();
      String hash = fixture.gateway().configs().current().orElseThrow().hash();
      PrometheusText before = scrape(admin);

      fixture.writeConfig("version: toolgate.dev/gateway-config/v1\nupstreams: [{id: broken}]\n");

      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  delta(before, scrape(admin), "toolgate_config_loads_total", "result", "rejected")
                      == 1);
      PrometheusText after = scrape(admin);
      assertThat(after.matching("toolgate_config_info")).hasSize(1);
      assertThat(after.value("toolgate_config_info", "hash", hash)).isEqualTo(1);
      assertThat(delta(before, after, "toolgate_config_loads_total", "result", "applied")).isZero();
    }
  }

  @Test
  void jvmAndHttpServerBasicsAreExported() throws Exception {
    PrometheusText metrics = scrape(gateway.adminPort());

    assertThat(metrics.matching("jvm_memory_used_bytes")).isNotEmpty();
    assertThat(metrics.matching("jvm_threads_live_threads")).hasSize(1);
    assertThat(metrics.matching("process_cpu_usage")).hasSize(1);
    assertThat(metrics.value("toolgate_http_threads")).isPositive();
    assertThat(metrics.matching("toolgate_http_connections_open")).hasSize(1);
    assertThat(metrics.matching("toolgate_upstream_streams_open")).hasSize(1);
  }

  @Test
  void refusedCallersAreCountedByReasonNeverByWho(@TempDir Path lockedDir) throws Exception {
    try (SpyWorker spy = new SpyWorker();
        GatewayFixture locked =
            GatewayFixture.start(
                lockedDir,
                List.of(new GatewayFixture.Upstream("tools", "spy", spy.url(), "spy")),
                o -> o.withAllowAnonymous(false))) {
      int admin = locked.gateway().adminPort();
      PrometheusText before = scrape(admin);

      ContentResponse noToken =
          raw.send(raw.post(locked.aggregatedUrl(), RawMcp.INITIALIZE, Map.of()));
      ContentResponse badToken =
          raw.send(
              raw.post(
                  locked.aggregatedUrl(),
                  RawMcp.INITIALIZE,
                  Map.of("Authorization", "Bearer not-a-token")));
      assertThat(noToken.getStatus()).isEqualTo(401);
      assertThat(badToken.getStatus()).isEqualTo(401);

      // Without an issuer configured a token cannot be judged: both get the bare challenge.
      PrometheusText after = scrape(admin);
      assertThat(delta(before, after, "toolgate_auth_failures_total", "reason", "missing_token"))
          .isEqualTo(2);
      assertThat(delta(before, after, "toolgate_auth_failures_total", "reason", "invalid_token"))
          .isZero();
      assertThat(after.matching("toolgate_auth_failures_total"))
          .allSatisfy(s -> assertThat(s.labels().keySet()).containsExactly("reason"));
    }
  }

  @Test
  void theAdminPortServesNothingOfMcpAndThePublicPortNothingOfTheAdminPort() throws Exception {
    String admin = "http://127.0.0.1:" + gateway.adminPort();
    String pub = "http://127.0.0.1:" + gateway.port();

    assertThat(raw.send(raw.post(admin + "/mcp", RawMcp.INITIALIZE, Map.of())).getStatus())
        .isEqualTo(405);
    assertThat(raw.http().GET(admin + "/mcp").getStatus()).isEqualTo(404);
    assertThat(raw.http().GET(admin + "/mcp/tools/tools/shop").getStatus()).isEqualTo(404);
    assertThat(raw.http().GET(admin + "/.well-known/oauth-protected-resource").getStatus())
        .isEqualTo(404);
    ContentResponse publicMetrics = raw.http().GET(pub + "/metrics");
    assertThat(publicMetrics.getStatus()).isEqualTo(404);
    assertThat(publicMetrics.getContentAsString()).doesNotContain("toolgate_");
    // Probes answer on both: the chart's probes use the public port.
    assertThat(raw.http().GET(admin + "/readyz").getStatus()).isEqualTo(200);
    assertThat(raw.http().GET(pub + "/readyz").getStatus()).isEqualTo(200);
    assertThat(
            raw.http().newRequest(admin + "/metrics").method(HttpMethod.DELETE).send().getStatus())
        .isEqualTo(405);
  }

  /** The operator's metrics, checked against a real operator's scrape in its ExamplesIT. */
  static boolean operators(String metric) {
    return metric.startsWith("toolgate_operator_") || metric.startsWith("toolgate_gateway_config_");
  }

  @Test
  void everyGatewayMetricTheDashboardQueriesIsExported() throws Exception {
    // The per-call meters exist once a call was made.
    try (PolicyClient client = new PolicyClient(gateway.url())) {
      client.call("shop.lookup", "{\"sku\":\"dashboard\"}");
    }
    PrometheusText metrics = scrape(gateway.adminPort());
    Set<String> exported = new java.util.HashSet<>();
    metrics.samples().forEach(s -> exported.add(s.name()));

    Set<String> queried = new java.util.TreeSet<>(Dashboard.load().metrics());
    queried.removeIf(GatewayMetricsTest::operators);

    assertThat(queried).hasSizeGreaterThan(15);
    assertThat(exported).containsAll(queried);
    assertThat(exported)
        .as("the audit log's depth and outcomes, and schema drift, beside what the dashboard asks")
        .contains(
            "toolgate_audit_queue_depth",
            "toolgate_audit_spool_bytes",
            "toolgate_audit_events_total",
            "toolgate_audit_store_failures_total",
            "toolgate_schema_drift_total");
    // The call above reaches the audit spool within a group-commit window.
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .until(
            () ->
                scrape(gateway.adminPort()).value("toolgate_audit_events_total", "state", "written")
                    > 0);
  }

  private static double delta(
      PrometheusText before, PrometheusText after, String name, String... labels) {
    return after.value(name, labels) - before.value(name, labels);
  }
}
