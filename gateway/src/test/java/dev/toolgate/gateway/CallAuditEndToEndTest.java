package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.toolgate.api.config.AuditConfig;
import dev.toolgate.api.config.CacheConfig;
import dev.toolgate.api.config.GatewayConfig;
import dev.toolgate.api.config.LoopDetectionConfig;
import dev.toolgate.api.config.RateLimitConfig;
import dev.toolgate.api.config.RedactionConfig;
import dev.toolgate.api.config.ToolConfig;
import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.gateway.audit.AuditOptions;
import dev.toolgate.gateway.audit.AuditStore;
import dev.toolgate.gateway.audit.PostgresServer;
import dev.toolgate.gateway.auth.Authenticator;
import dev.toolgate.gateway.auth.TestIssuer;
import dev.toolgate.gateway.calls.CallMetrics;
import dev.toolgate.gateway.calls.CallObserver;
import dev.toolgate.gateway.calls.CallOutcome;
import dev.toolgate.gateway.calls.FinishedCall;
import dev.toolgate.gateway.policy.CallRecording;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a {@code tools/call} can end, through a real gateway with tokens in front of real
 * workers, recorded once each in a real PostgreSQL, and counted by the per-call metrics.
 */
class CallAuditEndToEndTest {

  static final String AUDIENCE = "https://mcp.example.com/mcp";
  static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  @TempDir static Path dir;

  static PostgresServer postgres;
  static TestIssuer issuer;
  static PolicyWorker worker;
  static PolicyWorker goneWorker;
  static GatewayFixture gateway;
  static final List<FinishedCall> observed = new CopyOnWriteArrayList<>();
  static final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeAll
  static void start() throws Exception {
    postgres = PostgresServer.start();
    issuer = new TestIssuer();
    worker = new PolicyWorker("nothing secret");
    goneWorker = new PolicyWorker("nothing secret");
    String yaml = PolicyGateways.requiringTokens(config(), AUDIENCE, issuer.url());
    gateway =
        GatewayFixture.startWithConfig(
            dir,
            yaml,
            o ->
                o.withKeyPolicy(
                        new Authenticator.KeyPolicy(
                            issuer.fetcher(), Duration.ofMillis(300), Duration.ofMinutes(10)))
                    .withAudit(
                        a ->
                            a.withStore(AuditOptions.Store.POSTGRESQL)
                                .withDir(dir.resolve("audit"))
                                .withPostgresqlUrl(postgres.url())
                                .withPostgresqlUser(postgres.user())));
    gateway.awaitToolCount(PolicyWorker.TOOLS.length * 2);
    Gateway running = gateway.gateway();
    // As the coordinator wires it: the audit log, the per-call metrics, and here a list.
    running
        .policy()
        .recordCallsTo(
            new CallRecording(
                CallObserver.all(
                    List.of(running.audit(), new CallMetrics(registry), observed::add)),
                () -> running.configs().current().orElseThrow().hash()));
    goneWorker.close();
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
    worker.close();
    issuer.close();
    postgres.close();
  }

  static GatewayConfig config() {
    List<ToolConfig> tools =
        List.of(
            PolicyGateways.tool("lookup", null, new CacheConfig("5m"), null, null, null, null),
            PolicyGateways.tool("echo", null, new CacheConfig("5m"), null, true, null, null),
            PolicyGateways.tool(
                "quote", new RateLimitConfig(1, "1m", "tool"), null, null, null, null, null),
            PolicyGateways.tool(
                "watch", null, null, null, null, new LoopDetectionConfig(2, "1m"), null),
            PolicyGateways.tool("refund", null, null, 5, null, null, null),
            PolicyGateways.tool("oops", null, null, null, null, null, null),
            PolicyGateways.tool("fail", null, null, null, null, null, null),
            new ToolConfig(
                "catalog",
                "shop.catalog",
                List.of("shop.catalog"),
                null,
                null,
                null,
                "500ms",
                null,
                null,
                null),
            PolicyGateways.tool(
                "stream", null, null, null, null, null, new AuditConfig(true, true, true)),
            PolicyGateways.tool("leak", null, null, null, null, null, null),
            PolicyGateways.tool("ticker", null, null, null, null, null, null));
    RedactionConfig redaction = new RedactionConfig(List.of("inv_[0-9]{6}"), List.of(), List.of());
    return new GatewayConfig(
        GatewayConfig.CURRENT_VERSION,
        null,
        List.of(
            new UpstreamConfig(
                "tools/shop",
                worker.url(),
                "/mcp/tools/tools/shop",
                "shop",
                null,
                "30s",
                tools,
                redaction),
            new UpstreamConfig(
                "tools/gone",
                goneWorker.url(),
                "/mcp/tools/tools/gone",
                "gone",
                true,
                "30s",
                List.of(),
                null)),
        List.of(PolicyGateways.WRITE_SCOPE));
  }

  private static PolicyClient client(String subject, String scopes) throws Exception {
    return PolicyGateways.tokenClient(gateway.aggregatedUrl(), issuer, AUDIENCE, subject, scopes);
  }

  @Test
  void everyCallIsRecordedOnceWithHowItEnded() throws Exception {
    String all =
        "shop.lookup shop.echo shop.quote shop.watch shop.oops shop.fail shop.catalog"
            + " shop.stream shop:write gone.lookup";
    List<CallOutcome> expected = new ArrayList<>();
    String session;
    try (PolicyClient alice = client("alice", all)) {
      session = alice.session();
      alice.traceparent("00-" + TRACE + "-00f067aa0ba902b7-01");
      alice.call("shop.lookup", "{\"a\":1}");
      alice.call("shop.lookup", "{\"a\":1}");
      expected.addAll(List.of(CallOutcome.OK, CallOutcome.CACHE_HIT));
      alice.call("shop.quote", "{}");
      alice.call("shop.quote", "{}");
      expected.addAll(List.of(CallOutcome.OK, CallOutcome.RATE_LIMITED));
      for (int i = 0; i < 3; i++) {
        alice.call("shop.watch", "{\"w\":1}");
      }
      expected.addAll(List.of(CallOutcome.OK, CallOutcome.OK, CallOutcome.LOOP));
      alice.call("shop.oops", "{}");
      alice.call("shop.fail", "{}");
      expected.addAll(List.of(CallOutcome.TOOL_ERROR, CallOutcome.TOOL_ERROR));
      assertThat(alice.call("shop.catalog", "{\"delayMs\":3000}").error().path("code").asInt())
          .isEqualTo(-32003);
      expected.add(CallOutcome.TIMEOUT);
      for (int i = 0; i < 3; i++) {
        alice.call("shop.refund", "{\"n\":" + i + "}");
      }
      expected.addAll(List.of(CallOutcome.OK, CallOutcome.OK, CallOutcome.OVER_BUDGET));
      alice.call("shop.nope", "{}");
      expected.add(CallOutcome.INVALID);
      alice.call("gone.lookup", "{}");
      expected.add(CallOutcome.UPSTREAM_ERROR);
      alice.call("shop.stream", "{\"invoice\":\"inv_123456\"}");
      expected.add(CallOutcome.OK);
      CompletableFuture<PolicyClient.Answer> first =
          CompletableFuture.supplyAsync(() -> quietly(alice, "{\"delayMs\":700}"));
      Thread.sleep(150);
      PolicyClient.Answer second = alice.call("shop.echo", "{\"delayMs\":700}");
      first.join();
      assertThat(second.result().at("/_meta/dev.toolgate~1cache").asText()).isEqualTo("coalesced");
      expected.addAll(List.of(CallOutcome.OK, CallOutcome.COALESCED));
      // Recorded once however the gateway sees it: client-gone when it noticed the client leave
      // before the worker answered; ok when the worker's answer was ready first (a plain HTTP/1.1
      // request whose body was read is not watched for a close until the answer is written).
      alice.callAndLeave("shop.lookup", "{\"delayMs\":1500,\"leave\":true}", 300);
    }
    String passthrough;
    try (PolicyClient carol =
        PolicyGateways.tokenClient(
            gateway.passthroughUrl("tools", "shop"),
            issuer,
            AUDIENCE,
            "carol",
            "toolgate:passthrough:tools/shop shop.oops")) {
      passthrough = carol.session();
      carol.call("oops", "{}");
    }
    String bobs;
    try (PolicyClient bob = client("bob", "shop.lookup")) {
      bobs = bob.session();
      assertThat(bob.call("shop.quote", "{}").status()).isEqualTo(403);
    }

    int total = expected.size() + 3;
    await().atMost(Duration.ofSeconds(20)).until(() -> observed.size() >= total);
    AuditStore store = gateway.gateway().audit().store().orElseThrow();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> store.sessionCalls(session, 100).size() == expected.size() + 1);
    List<FinishedCall> calls = store.sessionCalls(session, 100);
    assertThat(calls.subList(0, expected.size()))
        .extracting(FinishedCall::outcome)
        .containsExactlyElementsOf(expected);
    assertThat(calls.getLast().outcome()).isIn(CallOutcome.CLIENT_GONE, CallOutcome.OK);
    assertThat(store.sessionCalls(bobs, 10))
        .singleElement()
        .satisfies(
            denied -> {
              assertThat(denied.outcome()).isEqualTo(CallOutcome.DENIED);
              assertThat(denied.subject()).isEqualTo("bob");
              assertThat(denied.issuer()).isEqualTo(issuer.url());
              assertThat(denied.tool()).isEqualTo("shop.quote");
              assertThat(denied.errorCode()).isEqualTo(-32007);
              assertThat(denied.cost()).isZero();
              assertThat(denied.upstreamMicros()).isNull();
            });
    assertThat(store.sessionCalls(passthrough, 10))
        .singleElement()
        .satisfies(
            onPassthrough -> {
              assertThat(onPassthrough.endpoint()).isEqualTo("passthrough");
              assertThat(onPassthrough.tool()).isEqualTo("shop.oops");
              assertThat(onPassthrough.outcome()).isEqualTo(CallOutcome.TOOL_ERROR);
              assertThat(onPassthrough.subject()).isEqualTo("carol");
            });
    Thread.sleep(500);
    assertThat(observed).as("one record per call, no more").hasSize(total);

    FinishedCall lookup = calls.get(0);
    assertThat(lookup.subject()).isEqualTo("alice");
    assertThat(lookup.session()).isEqualTo(session);
    assertThat(lookup.upstream()).isEqualTo("tools/shop");
    assertThat(lookup.argumentsHash()).startsWith("sha256:").hasSize(71);
    assertThat(calls.get(1).argumentsHash()).isEqualTo(lookup.argumentsHash());
    assertThat(lookup.traceId()).isEqualTo(TRACE);
    assertThat(lookup.configVersion())
        .isEqualTo(gateway.gateway().configs().current().orElseThrow().hash());
    assertThat(lookup.upstreamMicros()).isPositive();
    assertThat(lookup.latencyMicros()).isGreaterThanOrEqualTo(lookup.upstreamMicros());
    assertThat(lookup.arguments()).as("arguments are only hashed by default").isNull();
    assertThat(calls.get(1).upstreamMicros()).as("a cache hit calls no worker").isNull();
    assertThat(calls.get(9).upstreamMicros()).as("a timeout waited for the worker").isPositive();
    assertThat(calls.get(10).cost()).isEqualTo(5);
    assertThat(calls.get(12).cost()).as("refused: nothing accounted").isZero();
    assertThat(calls.get(13).upstream()).as("no such tool").isNull();
    assertThat(calls.get(13).tool()).isEqualTo("shop.nope");

    FinishedCall streamed = calls.get(15);
    assertThat(streamed.tool()).isEqualTo("shop.stream");
    assertThat(streamed.sync()).isTrue();
    assertThat(streamed.arguments()).contains("invoice").doesNotContain("inv_123456");
    assertThat(streamed.result()).contains("done");

    assertThat(
            registry
                .get("toolgate_gateway_calls")
                .tags("tool", "shop.lookup", "outcome", "cache-hit")
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(
            registry
                .get("toolgate_gateway_calls")
                .tags("tool", "unknown", "outcome", "invalid")
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(
            registry
                .get("toolgate_gateway_upstream_duration")
                .tags("tool", "shop.catalog")
                .timer()
                .count())
        .isEqualTo(1);
  }

  private static PolicyClient.Answer quietly(PolicyClient client, String arguments) {
    try {
      return client.call("shop.echo", arguments);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
