package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.toolgate.gateway.auth.Authenticator;
import dev.toolgate.gateway.auth.TestIssuer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The gateway as an OAuth resource server, end to end over real HTTP: tokens signed by a test
 * issuer whose JWKS is served on loopback, a worker that records what reaches it, and the gateway's
 * own log captured to prove no token ends up there.
 */
class AuthEndToEndTest {

  static final String AUDIENCE = "https://mcp.example.com/mcp";
  static final String PASSTHROUGH = "/mcp/tools/tools/billing";
  static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static TestIssuer issuer;
  static SpyWorker worker;
  static GatewayFixture gateway;
  static RawMcp raw;
  static ListAppender<ILoggingEvent> log;
  static Level previousLevel;
  static final List<String> tokensUsed = new ArrayList<>();

  static String config(String issuerUrl, String workerUrl) {
    return """
        version: toolgate.dev/gateway-config/v1
        auth:
          audience: %s
          issuers:
          - issuer: %s
            algorithms: [RS256, ES256, EdDSA]
          - issuer: https://kubernetes.invalid
            kind: kubernetes
        upstreams:
        - id: tools/billing
          url: %s
          passthroughPath: /mcp/tools/tools/billing
          toolPrefix: billing
          timeout: 20s
          tools:
          - {name: get_invoice, exposedName: billing.get_invoice, scopes: [billing.get_invoice]}
          - {name: send_refund, exposedName: billing.send_refund, scopes: [billing.send_refund]}
          passthroughScopes: [toolgate:passthrough:tools/billing]
        scopes:
        - scope: billing:read
          source: tools/readers
          tools: [billing.get_invoice]
          subjects: {groups: [finance]}
          maxTokenLifetime: 10m
        """
        .formatted(AUDIENCE, issuerUrl, workerUrl);
  }

  @BeforeAll
  static void start() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger toolgate = (Logger) LoggerFactory.getLogger("dev.toolgate");
    previousLevel = toolgate.getLevel();
    toolgate.setLevel(Level.DEBUG);
    log = new ListAppender<>();
    log.start();
    root.addAppender(log);

    issuer = new TestIssuer();
    worker = new SpyWorker();
    gateway =
        GatewayFixture.startWithConfig(
            dir,
            config(issuer.url(), worker.url()),
            o ->
                o.withMaxSessionsPerClient(3)
                    .withKeyPolicy(
                        new Authenticator.KeyPolicy(
                            issuer.fetcher(), Duration.ofMillis(300), Duration.ofMinutes(10))));
    gateway.awaitToolCount(2);
    raw = new RawMcp();
  }

  @AfterAll
  static void stop() throws Exception {
    raw.close();
    gateway.close();
    worker.close();
    issuer.close();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAppender(log);
    ((Logger) LoggerFactory.getLogger("dev.toolgate")).setLevel(previousLevel);
  }

  // ---- helpers -------------------------------------------------------------------------------

  static String url(String path) {
    return "http://127.0.0.1:" + gateway.gateway().port() + path;
  }

  static TestIssuer.Token token(String subject, String scopes) {
    return issuer.token(AUDIENCE).subject(subject).scope(scopes);
  }

  static String sign(TestIssuer.Token token) throws Exception {
    String signed = token.sign();
    tokensUsed.add(signed);
    return signed;
  }

  static ContentResponse post(String path, String token, String session, String body)
      throws Exception {
    Map<String, String> headers = new HashMap<>();
    if (token != null) {
      headers.put("Authorization", "Bearer " + token);
    }
    if (session != null) {
      headers.put("Mcp-Session-Id", session);
    }
    return raw.send(raw.post(url(path), body, headers));
  }

  static ContentResponse send(HttpMethod method, String path, String token, String session)
      throws Exception {
    return raw.http()
        .newRequest(url(path))
        .method(method)
        .headers(
            h -> {
              h.put("Accept", "text/event-stream");
              if (token != null) {
                h.put("Authorization", "Bearer " + token);
              }
              if (session != null) {
                h.put("Mcp-Session-Id", session);
              }
            })
        .timeout(10, TimeUnit.SECONDS)
        .send();
  }

  static String initialize(String path, String token) throws Exception {
    ContentResponse response = post(path, token, null, RawMcp.INITIALIZE);
    assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
    String session = response.getHeaders().get("Mcp-Session-Id");
    post(path, token, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    return session;
  }

  static String call(String tool) {
    return "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\""
        + tool
        + "\",\"arguments\":{}}}";
  }

  static List<String> toolNames(ContentResponse response) throws Exception {
    List<String> names = new ArrayList<>();
    for (JsonNode tool : JSON.readTree(response.getContent()).path("result").path("tools")) {
      names.add(tool.path("name").asText());
    }
    return names;
  }

  static JsonNode json(ContentResponse response) throws Exception {
    return JSON.readTree(response.getContent());
  }

  // ---- 401 and discovery -----------------------------------------------------------------------

  @Test
  void withoutATokenEveryRequestIs401PointingAtTheEndpointsMetadata() throws Exception {
    ContentResponse post = post("/mcp", null, null, RawMcp.INITIALIZE);
    assertThat(post.getStatus()).isEqualTo(401);
    assertThat(post.getHeaders().get("WWW-Authenticate"))
        .isEqualTo(
            "Bearer resource_metadata=\"https://mcp.example.com/.well-known/oauth-protected-resource/mcp\"");
    assertThat(json(post).path("error").path("code").asInt()).isEqualTo(-32006);
    assertThat(json(post).path("error").path("message").asText())
        .contains("bearer token is required");

    ContentResponse passthrough = post(PASSTHROUGH, null, null, RawMcp.INITIALIZE);
    assertThat(passthrough.getStatus()).isEqualTo(401);
    assertThat(passthrough.getHeaders().get("WWW-Authenticate"))
        .contains("oauth-protected-resource/mcp/tools/tools/billing");
    assertThat(send(HttpMethod.GET, "/mcp", null, "any").getStatus()).isEqualTo(401);
    assertThat(send(HttpMethod.DELETE, "/mcp", null, "any").getStatus()).isEqualTo(401);
    assertThat(post("/mcp/tools/tools/nothing-here", null, null, RawMcp.INITIALIZE).getStatus())
        .as("no endpoint is revealed before authentication")
        .isEqualTo(401);
  }

  @Test
  void theProtectedResourceMetadataNamesIssuersAndTheScopesOfEachEndpoint() throws Exception {
    ContentResponse root =
        raw.http()
            .newRequest(url("/.well-known/oauth-protected-resource"))
            .headers(h -> h.put("Origin", "https://inspector.example.org"))
            .send();
    assertThat(root.getStatus()).isEqualTo(200);
    assertThat(root.getHeaders().get("Access-Control-Allow-Origin")).isEqualTo("*");
    JsonNode document = json(root);
    assertThat(document.path("resource").asText()).isEqualTo(AUDIENCE);
    assertThat(document.path("authorization_servers"))
        .extracting(JsonNode::asText)
        .containsExactly(issuer.url());
    assertThat(document.path("bearer_methods_supported"))
        .extracting(JsonNode::asText)
        .containsExactly("header");

    JsonNode mcp = json(raw.http().GET(url("/.well-known/oauth-protected-resource/mcp")));
    assertThat(mcp.path("resource").asText()).isEqualTo(AUDIENCE);
    assertThat(mcp.path("scopes_supported"))
        .extracting(JsonNode::asText)
        .containsExactly(
            "billing.get_invoice",
            "billing.send_refund",
            "billing:read",
            "toolgate:passthrough:tools/billing");

    JsonNode passthrough =
        json(raw.http().GET(url("/.well-known/oauth-protected-resource" + PASSTHROUGH)));
    assertThat(passthrough.path("resource").asText())
        .isEqualTo("https://mcp.example.com" + PASSTHROUGH);
    assertThat(passthrough.path("scopes_supported"))
        .extracting(JsonNode::asText)
        .contains("toolgate:passthrough:tools/billing", "billing.get_invoice");

    assertThat(
            raw.http().GET(url("/.well-known/oauth-protected-resource/mcp/tools/x/y")).getStatus())
        .isEqualTo(404);
  }

  // ---- calls
  // -------------------------------------------------------------------------------------

  @Test
  void aValidTokenListsAndCallsItsToolAndTheWorkerGetsAnIdentityNeverTheToken() throws Exception {
    String token = sign(token("alice", "billing.get_invoice").claim("groups", List.of("ops")));
    String session = initialize("/mcp", token);

    assertThat(toolNames(post("/mcp", token, session, LIST)))
        .containsExactly("billing.get_invoice");
    Map<String, String> traced = new HashMap<>();
    traced.put("Authorization", "Bearer " + token);
    traced.put("Mcp-Session-Id", session);
    traced.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    traced.put("Cookie", "session=" + token);
    traced.put("Toolgate-Identity", "forged-by-the-client");
    ContentResponse called = raw.send(raw.post(url("/mcp"), call("billing.get_invoice"), traced));
    assertThat(called.getStatus()).isEqualTo(200);
    assertThat(called.getContentAsString()).contains("called get_invoice");

    SpyWorker.Seen seen = worker.toolCalls().getLast();
    assertThat(seen.headers()).doesNotContainKey("authorization").doesNotContainKey("cookie");
    assertThat(seen.headers().values()).noneSatisfy(v -> assertThat(v).contains(token));
    String identity = seen.headers().get("toolgate-identity");
    assertThat(identity).isNotNull().doesNotContain("forged");

    SignedJWT jwt = SignedJWT.parse(identity);
    JWKSet jwks = JWKSet.parse(raw.http().GET(url("/.well-known/jwks.json")).getContentAsString());
    ECKey key = (ECKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
    assertThat(jwt.verify(new ECDSAVerifier(key))).isTrue();
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo(AUDIENCE);
    assertThat(claims.getAudience()).containsExactly(worker.url());
    assertThat(claims.getSubject()).isEqualTo("alice");
    assertThat(claims.getStringClaim("caller_iss")).isEqualTo(issuer.url());
    assertThat(claims.getStringClaim("client_id")).isEqualTo("agent-1");
    assertThat(claims.getStringListClaim("groups")).containsExactly("ops");
    assertThat(claims.getStringClaim("scope")).isEqualTo("billing.get_invoice");
    assertThat(claims.getStringClaim("tool")).isEqualTo("billing.get_invoice");
    assertThat(seen.headers().get("traceparent"))
        .isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    assertThat(claims.getStringClaim("session")).isNotBlank().isNotEqualTo(session);
    assertThat(
            Duration.between(
                claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
        .isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void aCallWithoutTheToolsScopeIs403WithTheStepUpScopeAndNeverReachesTheWorker() throws Exception {
    String token = sign(token("bea", "billing.get_invoice"));
    String session = initialize("/mcp", token);
    int callsBefore = worker.toolCalls().size();

    ContentResponse refused = post("/mcp", token, session, call("billing.send_refund"));

    assertThat(refused.getStatus()).isEqualTo(403);
    assertThat(refused.getHeaders().get("WWW-Authenticate"))
        .startsWith("Bearer error=\"insufficient_scope\", scope=\"billing.send_refund\"")
        .contains(
            "resource_metadata=\"https://mcp.example.com/.well-known/oauth-protected-resource/mcp\"");
    assertThat(json(refused).path("id").asInt()).isEqualTo(9);
    assertThat(json(refused).path("error").path("code").asInt()).isEqualTo(-32007);
    assertThat(worker.toolCalls()).hasSize(callsBefore);
  }

  @Test
  void anMcpScopeCountsOnlyForItsSubjectsAndWithinItsLifetime() throws Exception {
    String outsider = sign(token("carl", "billing:read").claim("groups", List.of("sales")));
    String insider = sign(token("dana", "billing:read").claim("groups", List.of("finance")));
    String longLived =
        sign(
            token("erin", "billing:read")
                .claim("groups", List.of("finance"))
                .times(Instant.now(), Duration.ofMinutes(12)));

    assertThat(
            post("/mcp", outsider, initialize("/mcp", outsider), call("billing.get_invoice"))
                .getStatus())
        .isEqualTo(403);
    String insiderSession = initialize("/mcp", insider);
    assertThat(toolNames(post("/mcp", insider, insiderSession, LIST)))
        .containsExactly("billing.get_invoice");
    assertThat(post("/mcp", insider, insiderSession, call("billing.get_invoice")).getStatus())
        .isEqualTo(200);
    ContentResponse tooLong =
        post("/mcp", longLived, initialize("/mcp", longLived), call("billing.get_invoice"));
    assertThat(tooLong.getStatus()).isEqualTo(403);
    assertThat(tooLong.getHeaders().get("WWW-Authenticate")).contains("billing:read");
  }

  @Test
  void tokensThatDoNotVerifyGet401InvalidTokenWithoutBeingEchoed() throws Exception {
    RSAKey stranger = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    List<String> bad =
        List.of(
            sign(
                token("fay", "billing.get_invoice")
                    .times(Instant.now().minusSeconds(900), Duration.ofMinutes(5))),
            sign(
                token("fay", "billing.get_invoice").audiences("https://elsewhere.example.com/mcp")),
            sign(
                token("fay", "billing.get_invoice")
                    .claims(c -> c.issuer("https://evil.example.com"))),
            sign(token("fay", "billing.get_invoice").signedWith(JWSAlgorithm.RS256, stranger)),
            sign(token("fay", "x").times(Instant.now(), Duration.ofMinutes(20))));
    for (String token : bad) {
      ContentResponse response = post("/mcp", token, null, RawMcp.INITIALIZE);
      assertThat(response.getStatus()).isEqualTo(401);
      assertThat(response.getHeaders().get("WWW-Authenticate")).contains("error=\"invalid_token\"");
      assertThat(response.getContentAsString()).doesNotContain(token);
      assertThat(response.getHeaders().get("WWW-Authenticate")).doesNotContain(token);
    }
  }

  @Test
  void aTokenInTheQueryIsRefusedAndOneInACookieIsIgnored() throws Exception {
    String token = sign(token("gus", "billing.get_invoice"));
    ContentResponse query =
        raw.send(raw.post(url("/mcp?access_token=" + token), RawMcp.INITIALIZE, Map.of()));
    assertThat(query.getStatus()).isEqualTo(400);
    assertThat(query.getHeaders().get("WWW-Authenticate")).contains("invalid_request");
    ContentResponse cookie =
        raw.send(
            raw.post(url("/mcp"), RawMcp.INITIALIZE, Map.of("Cookie", "access_token=" + token)));
    assertThat(cookie.getStatus()).isEqualTo(401);
  }

  // ---- sessions
  // ----------------------------------------------------------------------------------

  @Test
  void anotherPrincipalUsingASessionIdGets404AsForAnUnknownSession() throws Exception {
    String alice = sign(token("hal", "billing.get_invoice"));
    String mallory = sign(token("mallory", "billing.get_invoice billing.send_refund"));
    String session = initialize("/mcp", alice);

    ContentResponse stolen = post("/mcp", mallory, session, LIST);
    assertThat(stolen.getStatus()).isEqualTo(404);
    assertThat(stolen.getContentAsString())
        .isEqualTo(post("/mcp", mallory, "no-such-session", LIST).getContentAsString());
    assertThat(send(HttpMethod.GET, "/mcp", mallory, session).getStatus()).isEqualTo(404);
    assertThat(send(HttpMethod.DELETE, "/mcp", mallory, session).getStatus()).isEqualTo(404);
    assertThat(post("/mcp", mallory, session, RawMcp.INITIALIZE).getStatus())
        .as("another's session id is a stale id to a new initialize")
        .isEqualTo(200);

    assertThat(post("/mcp", alice, session, LIST).getStatus()).isEqualTo(200);
  }

  @Test
  void theSessionCapCountsPerPrincipal() throws Exception {
    String ivy = sign(token("ivy", "billing.get_invoice"));
    String jon = sign(token("jon", "billing.get_invoice"));
    for (int i = 0; i < 3; i++) {
      initialize("/mcp", ivy);
    }
    assertThat(post("/mcp", ivy, null, RawMcp.INITIALIZE).getStatus()).isEqualTo(429);
    assertThat(post("/mcp", jon, null, RawMcp.INITIALIZE).getStatus())
        .as("same address, another principal")
        .isEqualTo(200);
  }

  // ---- passthrough ----------------------------------------------------------------------------

  @Test
  void thePassthroughNeedsItsOwnScopeBeyondToolCalls() throws Exception {
    String toolOnly = sign(token("kim", "billing.get_invoice"));
    ContentResponse refused = post(PASSTHROUGH, toolOnly, null, RawMcp.INITIALIZE);
    assertThat(refused.getStatus()).isEqualTo(403);
    assertThat(refused.getHeaders().get("WWW-Authenticate"))
        .contains("scope=\"toolgate:passthrough:tools/billing\"")
        .contains("oauth-protected-resource/mcp/tools/tools/billing");

    String both = sign(token("lee", "toolgate:passthrough:tools/billing billing.get_invoice"));
    String session = initialize(PASSTHROUGH, both);
    assertThat(toolNames(post(PASSTHROUGH, both, session, LIST))).containsExactly("get_invoice");
    assertThat(
            post(
                    PASSTHROUGH,
                    both,
                    session,
                    "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"resources/list\"}")
                .getStatus())
        .isEqualTo(200);
    assertThat(post(PASSTHROUGH, both, session, call("get_invoice")).getStatus()).isEqualTo(200);
    int calls = worker.toolCalls().size();
    assertThat(post(PASSTHROUGH, both, session, call("send_refund")).getStatus()).isEqualTo(403);
    assertThat(worker.toolCalls()).hasSize(calls);
  }

  @Test
  void aPassthroughStreamNeedsThePassthroughScopeOfTheTokenAtHand() throws Exception {
    String both = sign(token("pia", "toolgate:passthrough:tools/billing billing.get_invoice"));
    String toolOnly = sign(token("pia", "billing.get_invoice"));
    String session = initialize(PASSTHROUGH, both);

    ContentResponse stream = send(HttpMethod.GET, PASSTHROUGH, toolOnly, session);
    assertThat(stream.getStatus()).isEqualTo(403);
    assertThat(stream.getHeaders().get("WWW-Authenticate"))
        .contains("scope=\"toolgate:passthrough:tools/billing\"");
    assertThat(post(PASSTHROUGH, toolOnly, session, call("get_invoice")).getStatus())
        .as("the same caller's tool call needs only the tool's scope")
        .isEqualTo(200);
  }

  // ---- keys -----------------------------------------------------------------------------------

  @Test
  void anUnknownKidRefetchesTheKeysAndARotatedKeyIsPickedUp() throws Exception {
    RSAKey rotated = new RSAKeyGenerator(2048).keyID("rsa-rotated").generate();
    String early =
        sign(token("max", "billing.get_invoice").signedWith(JWSAlgorithm.RS256, rotated));
    await().pollDelay(Duration.ofMillis(350)).atMost(Duration.ofSeconds(2)).until(() -> true);
    int fetches = issuer.jwksFetches();
    assertThat(post("/mcp", early, null, RawMcp.INITIALIZE).getStatus()).isEqualTo(401);
    assertThat(issuer.jwksFetches())
        .as("the unknown kid made the gateway look")
        .isEqualTo(fetches + 1);

    issuer.publish(rotated);
    String late = sign(token("max", "billing.get_invoice").signedWith(JWSAlgorithm.RS256, rotated));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> post("/mcp", late, null, RawMcp.INITIALIZE).getStatus() == 200);
  }

  @Test
  void whileTheJwksIsDownCachedKeysKeepWorkingAndNewKidsFailClosed() throws Exception {
    String before = sign(token("ned", "billing.get_invoice"));
    assertThat(post("/mcp", before, null, RawMcp.INITIALIZE).getStatus()).isEqualTo(200);
    issuer.down(true);
    try {
      RSAKey unseen = new RSAKeyGenerator(2048).keyID("rsa-while-down").generate();
      issuer.publish(unseen);
      String fresh = sign(token("ned", "billing.get_invoice").claim("jti", "other"));
      assertThat(post("/mcp", fresh, null, RawMcp.INITIALIZE).getStatus())
          .as("a new token under a cached key")
          .isEqualTo(200);
      String newKid =
          sign(token("ned", "billing.get_invoice").signedWith(JWSAlgorithm.RS256, unseen));
      await().pollDelay(Duration.ofMillis(350)).atMost(Duration.ofSeconds(2)).until(() -> true);
      assertThat(post("/mcp", newKid, null, RawMcp.INITIALIZE).getStatus()).isEqualTo(401);
    } finally {
      issuer.down(false);
    }
  }

  // ---- logs -----------------------------------------------------------------------------------

  @Test
  void noTokenEverAppearsInTheGatewaysLog() throws Exception {
    String refused = sign(token("oz", "x").audiences("https://elsewhere.example.com"));
    post("/mcp", refused, null, RawMcp.INITIALIZE);
    String good = sign(token("oz", "billing.get_invoice"));
    String session = initialize("/mcp", good);
    post("/mcp", good, session, call("billing.get_invoice"));
    post("/mcp", good, session, call("billing.send_refund"));

    assertThat(log.list).isNotEmpty();
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent event : List.copyOf(log.list)) {
      lines.add(event.getFormattedMessage());
      if (event.getThrowableProxy() != null) {
        lines.add(event.getThrowableProxy().getMessage());
      }
    }
    for (String token : List.copyOf(tokensUsed)) {
      String signature = token.substring(token.lastIndexOf('.') + 1);
      assertThat(lines).noneSatisfy(line -> assertThat(String.valueOf(line)).contains(signature));
    }
    for (SpyWorker.Seen seen : worker.seen) {
      String identity = seen.headers().get("toolgate-identity");
      if (identity != null) {
        String signature = identity.substring(identity.lastIndexOf('.') + 1);
        assertThat(lines).noneSatisfy(line -> assertThat(String.valueOf(line)).contains(signature));
      }
    }
  }
}
