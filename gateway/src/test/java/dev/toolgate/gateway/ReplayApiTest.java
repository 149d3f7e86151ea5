package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toolgate.api.config.AuditConfig;
import dev.toolgate.api.config.CacheConfig;
import dev.toolgate.api.config.GatewayConfig;
import dev.toolgate.api.config.RedactionConfig;
import dev.toolgate.api.config.ToolConfig;
import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.gateway.audit.AuditOptions;
import dev.toolgate.gateway.audit.AuditStore;
import dev.toolgate.gateway.auth.Authenticator;
import dev.toolgate.gateway.auth.TestIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay API on a real gateway's admin port, over calls made through the gateway with real
 * tokens and recorded in the embedded audit store: who may read it, what it answers, its filters,
 * its refusals of bad input, and that none of it is on the MCP port.
 */
class ReplayApiTest {

  static final String AUDIENCE = "https://mcp.example.com/mcp";
  static final String SCOPE = "toolgate:audit:read";
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path dir;

  static TestIssuer issuer;
  static PolicyWorker worker;
  static GatewayFixture gateway;
  static String alices;
  static String bobs;
  static Instant before;

  @BeforeAll
  static void start() throws Exception {
    issuer = new TestIssuer();
    worker = new PolicyWorker("nothing secret");
    gateway =
        GatewayFixture.startWithConfig(
            dir,
            PolicyGateways.requiringTokens(config(worker.url()), AUDIENCE, issuer.url()),
            o ->
                o.withKeyPolicy(
                        new Authenticator.KeyPolicy(
                            issuer.fetcher(), Duration.ofMillis(300), Duration.ofMinutes(10)))
                    .withAudit(
                        a ->
                            a.withStore(AuditOptions.Store.EMBEDDED)
                                .withStdout(false)
                                .withDir(dir.resolve("audit"))));
    gateway.awaitToolCount(3);
    before = Instant.now();
    try (PolicyClient alice = client("alice", "shop.echo shop.lookup shop.oops")) {
      alices = alice.session();
      alice.call(
          "shop.echo", "{\"note\":\"<script>alert(1)</script>\",\"invoice\":\"inv_123456\"}");
      alice.call("shop.lookup", "{\"a\":1}");
      alice.call("shop.oops", "{}");
    }
    try (PolicyClient bob = client("bob", "shop.lookup")) {
      bobs = bob.session();
      bob.call("shop.lookup", "{\"a\":2}");
      assertThat(bob.call("shop.echo", "{}").status()).isEqualTo(403);
    }
    AuditStore store = gateway.gateway().audit().store().orElseThrow();
    await().atMost(Duration.ofSeconds(20)).until(() -> store.count() == 5);
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
    worker.close();
    issuer.close();
  }

  static GatewayConfig config(String workerUrl) {
    List<ToolConfig> tools =
        List.of(
            PolicyGateways.tool(
                "echo", null, null, 2, null, null, new AuditConfig(null, true, true)),
            PolicyGateways.tool("lookup", null, new CacheConfig("5m"), null, null, null),
            PolicyGateways.tool("oops", null, null, null, null, null));
    return new GatewayConfig(
        GatewayConfig.CURRENT_VERSION,
        null,
        List.of(
            new UpstreamConfig(
                "tools/shop",
                workerUrl,
                "/mcp/tools/tools/shop",
                "shop",
                null,
                "30s",
                tools,
                new RedactionConfig(List.of("inv_[0-9]{6}"), List.of(), List.of()))),
        List.of());
  }

  static PolicyClient client(String subject, String scopes) throws Exception {
    return PolicyGateways.tokenClient(gateway.aggregatedUrl(), issuer, AUDIENCE, subject, scopes);
  }

  static String reader() throws Exception {
    return issuer.token(AUDIENCE).subject("auditor").scope(SCOPE).sign();
  }

  static HttpResponse<String> get(int port, String pathAndQuery, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
            .timeout(Duration.ofSeconds(20));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> admin(String pathAndQuery, String token) throws Exception {
    return get(gateway.gateway().adminPort(), pathAndQuery, token);
  }

  static JsonNode read(String pathAndQuery) throws Exception {
    HttpResponse<String> response = admin(pathAndQuery, reader());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  static List<String> sessionIds(JsonNode answer) {
    return StreamSupport.stream(answer.path("sessions").spliterator(), false)
        .map(s -> s.path("session").asText())
        .toList();
  }

  static String error(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body()).path("error").asText();
  }

  @Test
  void refusesARequestWithoutTokenWithAChallenge() throws Exception {
    HttpResponse<String> response = admin("/replay/api/sessions", null);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertThat(error(response)).isEqualTo("a bearer token is required");
    assertThat(response.body()).doesNotContain(alices);
  }

  @Test
  void refusesATokenWithoutTheAuditScopeWith403NamingIt() throws Exception {
    String everyToolScope =
        issuer.token(AUDIENCE).scope("shop.echo shop.lookup shop.oops toolgate:audit").sign();
    HttpResponse<String> response = admin("/replay/api/sessions", everyToolScope);
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer error=\"insufficient_scope\", scope=\"toolgate:audit:read\"");
    assertThat(response.body()).doesNotContain(alices);
  }

  @Test
  void refusesTokensThatDoNotVerify() throws Exception {
    try (TestIssuer stranger = new TestIssuer()) {
      List<String> refused =
          List.of(
              issuer.token("https://other.example.com/mcp").scope(SCOPE).sign(),
              // A token for one passthrough endpoint is good there only.
              issuer.token("https://mcp.example.com/mcp/tools/tools/shop").scope(SCOPE).sign(),
              issuer
                  .token(AUDIENCE)
                  .scope(SCOPE)
                  .times(Instant.now().minus(Duration.ofMinutes(20)), Duration.ofMinutes(5))
                  .sign(),
              stranger.token(AUDIENCE).scope(SCOPE).sign(),
              reader().substring(0, reader().lastIndexOf('.')) + ".c2lnbmF0dXJl");
      for (String token : refused) {
        HttpResponse<String> response = admin("/replay/api/summary", token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
            .hasValue("Bearer error=\"invalid_token\"");
        assertThat(response.body()).doesNotContain(alices).doesNotContain(token);
      }
    }
  }

  @Test
  void refusesATokenInTheQueryString() throws Exception {
    HttpResponse<String> response = admin("/replay/api/sessions?access_token=" + reader(), null);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(error(response)).contains("not accepted in the query string");
  }

  @Test
  void listsRecentSessionsWithTheirCallers() throws Exception {
    JsonNode answer = read("/replay/api/sessions");
    assertThat(sessionIds(answer)).containsExactly(bobs, alices);
    JsonNode alice = answer.path("sessions").get(1);
    assertThat(alice.path("subject").asText()).isEqualTo("alice");
    assertThat(alice.path("clientId").asText()).isEqualTo("agent-1");
    assertThat(alice.path("calls").asLong()).isEqualTo(3);
    assertThat(alice.path("errors").asLong()).as("shop.oops").isEqualTo(1);
    assertThat(alice.path("cost").asLong()).as("echo 2, lookup 1, oops 1").isEqualTo(4);
    assertThat(answer.path("filter").path("limit").asInt()).isEqualTo(100);
  }

  @Test
  void showsASessionsCallsInOrderWithTimingOutcomeCostAndRedactedArguments() throws Exception {
    JsonNode calls = read("/replay/api/sessions/" + alices + "/calls").path("calls");
    assertThat(calls).hasSize(3);
    assertThat(calls.findValuesAsText("tool"))
        .containsExactly("shop.echo", "shop.lookup", "shop.oops");
    assertThat(calls.findValuesAsText("outcome")).containsExactly("ok", "ok", "tool-error");
    JsonNode echo = calls.get(0);
    assertThat(echo.path("cost").asInt()).isEqualTo(2);
    assertThat(echo.path("latencyMicros").asLong()).isPositive();
    assertThat(echo.path("upstreamMicros").asLong()).isPositive();
    assertThat(Instant.parse(echo.path("time").asText())).isAfterOrEqualTo(before.minusMillis(1));
    assertThat(echo.path("arguments").asText())
        .as("recorded as text, redacted")
        .contains("<script>alert(1)</script>")
        .doesNotContain("inv_123456");
    assertThat(echo.path("result").asText()).isNotEmpty().doesNotContain("inv_123456");
    assertThat(calls.get(1).path("arguments").isNull()).as("not opted in: hash only").isTrue();
    assertThat(calls.get(1).path("argumentsHash").asText()).startsWith("sha256:");
    assertThat(calls.get(2).path("errorCode").isNull()).as("an isError result").isTrue();
    assertThat(read("/replay/api/sessions/no-such-session/calls").path("calls")).isEmpty();
  }

  @Test
  void filtersByToolPrincipalAndTime() throws Exception {
    assertThat(sessionIds(read("/replay/api/sessions?tool=shop.oops"))).containsExactly(alices);
    assertThat(sessionIds(read("/replay/api/sessions?tool=shop.lookup")))
        .containsExactly(bobs, alices);
    assertThat(sessionIds(read("/replay/api/sessions?principal=bob"))).containsExactly(bobs);
    assertThat(sessionIds(read("/replay/api/sessions?principal=bob&tool=shop.oops"))).isEmpty();
    assertThat(sessionIds(read("/replay/api/sessions?limit=1"))).containsExactly(bobs);
    Instant future = Instant.now().plus(Duration.ofHours(1));
    assertThat(
            sessionIds(
                read("/replay/api/sessions?since=" + future + "&until=" + future.plusSeconds(60))))
        .isEmpty();
    String earlier = before.minus(Duration.ofHours(1)).toString();
    assertThat(sessionIds(read("/replay/api/sessions?until=" + before.minusSeconds(5)))).isEmpty();
    assertThat(sessionIds(read("/replay/api/sessions?since=" + earlier))).hasSize(2);
    JsonNode bobOnly = read("/replay/api/summary?principal=bob");
    assertThat(bobOnly.path("callers").findValuesAsText("subject")).containsExactly("bob");
    assertThat(bobOnly.path("tools").findValuesAsText("tool"))
        .containsExactlyInAnyOrder("shop.lookup", "shop.echo");
  }

  @Test
  void summarizesLatencyAndCostPerToolTopCallersAndErrors() throws Exception {
    JsonNode summary = read("/replay/api/summary");
    JsonNode tools = summary.path("tools");
    assertThat(tools.findValuesAsText("tool"))
        .containsExactlyInAnyOrder("shop.lookup", "shop.echo", "shop.oops");
    assertThat(tools.findValuesAsText("calls"))
        .as("the most called first, then by name")
        .containsExactly("2", "2", "1");
    JsonNode lookup = tools.get(1);
    assertThat(lookup.path("tool").asText()).isEqualTo("shop.lookup");
    assertThat(tools.get(0).path("tool").asText())
        .as("alice's call and bob's denied one")
        .isEqualTo("shop.echo");
    assertThat(lookup.path("meanLatencyMicros").asLong()).isPositive();
    assertThat(lookup.path("maxLatencyMicros").asLong())
        .isGreaterThanOrEqualTo(lookup.path("meanLatencyMicros").asLong());
    assertThat(lookup.path("cost").asLong()).isEqualTo(2);
    JsonNode callers = summary.path("callers");
    assertThat(callers.findValuesAsText("subject")).containsExactly("alice", "bob");
    assertThat(callers.get(1).path("errors").asLong()).as("bob's denied call").isEqualTo(1);
    assertThat(callers.get(1).path("issuer").asText()).isEqualTo(issuer.url());
    JsonNode errors = summary.path("errors");
    assertThat(errors.findValuesAsText("outcome")).containsExactly("denied", "tool-error");
    assertThat(errors.get(0).path("errorCode").asInt()).isEqualTo(-32007);
  }

  @Test
  void refusesBadInputWith400SayingWhy() throws Exception {
    String token = reader();
    record Case(String query, String message) {}
    List<Case> cases =
        List.of(
            new Case(
                "/replay/api/sessions?since=yesterday",
                "since: expected an ISO-8601 instant such as 2026-12-02T18:00:00Z, got"
                    + " \"yesterday\""),
            new Case(
                "/replay/api/sessions?limit=0",
                "limit: expected a whole number from 1 to 1000, got \"0\""),
            new Case(
                "/replay/api/summary?limit=many",
                "limit: expected a whole number from 1 to 1000, got \"many\""),
            new Case(
                "/replay/api/sessions?since=2026-12-02T18:00:00Z&until=2026-12-01T18:00:00Z",
                "since must be before until"),
            new Case(
                "/replay/api/sessions?user=bob",
                "unknown parameter \"user\"; this request takes limit, principal, since, tool,"
                    + " until"),
            new Case(
                "/replay/api/sessions?tool=a&tool=b", "parameter tool is given more than once"),
            new Case(
                "/replay/api/sessions?principal=bob%0Aadmin",
                "principal holds a control character"),
            new Case(
                "/replay/api/sessions/" + alices + "/calls?tool=shop.echo",
                "unknown parameter \"tool\"; this request takes limit"),
            new Case(
                "/replay/api/sessions/" + "x".repeat(129) + "/calls",
                "a session id is 1 to 128 printable ASCII characters"),
            new Case(
                "/replay/api/sessions/a%20b/calls",
                "a session id is 1 to 128 printable ASCII characters"));
    for (Case c : cases) {
      HttpResponse<String> response = admin(c.query(), token);
      assertThat(response.statusCode()).as(c.query()).isEqualTo(400);
      assertThat(error(response)).as(c.query()).isEqualTo(c.message());
    }
    HttpResponse<String> unknown = admin("/replay/api/calls", token);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(error(unknown)).contains("/replay/api/sessions, summary");
  }

  @Test
  void servesThePageWithAStrictContentSecurityPolicyAndNoData() throws Exception {
    for (String path :
        List.of(
            "/replay/",
            "/replay",
            "/replay/replay.js",
            "/replay/replay.css",
            "/replay/favicon.svg")) {
      HttpResponse<String> response = admin(path, null);
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Security-Policy"))
          .hasValue(
              "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
                  + " connect-src 'self'; base-uri 'none'; form-action 'none';"
                  + " frame-ancestors 'none'");
      assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
      assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
      assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
      assertThat(response.body()).doesNotContain(alices);
    }
    String page = admin("/replay/", null).body();
    assertThat(page)
        .as("no inline script, style or handler; nothing from elsewhere")
        .doesNotContainPattern("<script(?![^>]*\\bsrc=\"/replay/)")
        .doesNotContainPattern("\\son[a-z]+=")
        .doesNotContain("style=")
        .doesNotContain("http:")
        .doesNotContain("https:");
    String script = admin("/replay/replay.js", null).body();
    assertThat(script)
        .doesNotContain("innerHTML")
        .doesNotContain("outerHTML")
        .doesNotContain("eval(");
    assertThat(admin("/replay/index.html.bak", null).statusCode()).isEqualTo(404);
  }

  @Test
  void noneOfItAnswersOnTheMcpPort() throws Exception {
    int mcpPort = gateway.gateway().port();
    for (String path :
        List.of("/replay/", "/replay/replay.js", "/replay/api/sessions", "/replay/api/summary")) {
      HttpResponse<String> response = get(mcpPort, path, reader());
      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(response.body()).doesNotContain(alices).doesNotContain("Toolgate session replay");
    }
  }

  @Test
  void saysSoWhenTheStoreIsOff() throws Exception {
    Path own = dir.resolve("store-off");
    java.nio.file.Files.createDirectories(own);
    // Audits::quiet, the fixture's default: --audit-store none.
    try (GatewayFixture off =
        GatewayFixture.startWithConfig(
            own,
            PolicyGateways.requiringTokens(config(worker.url()), AUDIENCE, issuer.url()),
            o ->
                o.withKeyPolicy(
                    new Authenticator.KeyPolicy(
                        issuer.fetcher(), Duration.ofMillis(300), Duration.ofMinutes(10))))) {
      HttpResponse<String> response =
          get(off.gateway().adminPort(), "/replay/api/sessions", reader());
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(error(response))
          .isEqualTo(
              "the audit store is off (--audit-store none): the calls are only in the JSON lines"
                  + " on standard output");
      assertThat(get(off.gateway().adminPort(), "/replay/api/sessions", null).statusCode())
          .as("the token is checked first")
          .isEqualTo(401);
    }
  }

  @Test
  void aGatewayWithoutIssuersLetsNobodyRead() throws Exception {
    Path own = dir.resolve("anonymous");
    java.nio.file.Files.createDirectories(own);
    try (GatewayFixture open =
        GatewayFixture.start(
            own, List.of(new GatewayFixture.Upstream("tools", "shop", worker.url(), "shop")))) {
      // --allow-anonymous serves MCP without tokens; the audit stays closed.
      HttpResponse<String> response =
          get(open.gateway().adminPort(), "/replay/api/sessions", reader());
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(error(response))
          .isEqualTo(
              "the replay API needs a token from a trusted issuer, and this gateway's config has"
                  + " no auth section");
    }
  }
}
