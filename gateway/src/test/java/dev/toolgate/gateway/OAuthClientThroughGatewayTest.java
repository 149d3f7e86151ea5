package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toolgate.testing.auth.AuthorizationServerProcess;
import dev.toolgate.testing.auth.OAuthClientScript;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official MCP TypeScript client (its OAuth client provider, driven by {@code
 * scripts/oauth-client/client.mjs}) against the real gateway, with the real Spring Authorization
 * Server as the gateway's only trusted issuer: from the first 401 through the gateway's protected
 * resource metadata, the server's metadata, the login form (authorization code with PKCE) or client
 * credentials, to listing and calling exactly the tools the token's scopes grant.
 */
class OAuthClientThroughGatewayTest {

  private static final String REDIRECT_URI = "http://127.0.0.1/callback";
  private static final String PASSTHROUGH = "/mcp/tools/tools/billing";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static AuthorizationServerProcess server;
  static SpyWorker worker;
  static GatewayFixture gateway;

  static String config(int port, String issuer, String workerUrl) {
    return """
        version: toolgate.dev/gateway-config/v1
        auth:
          audience: http://127.0.0.1:%d/mcp
          issuers:
          - issuer: %s
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
        """
        .formatted(port, issuer, workerUrl);
  }

  @BeforeAll
  static void start() throws Exception {
    server =
        AuthorizationServerProcess.builder()
            // A desktop app may ask for the McpScope billing:read only; whether it grants
            // anything is up to the McpScope's subjects (the finance group).
            .publicClient("desktop", List.of(REDIRECT_URI), "billing:read")
            .confidentialClient("agent", "agent-secret", "billing.get_invoice")
            .confidentialClient(
                "relay",
                "relay-secret",
                "toolgate:passthrough:tools/billing",
                "billing.get_invoice")
            .user("alice", "alice-password", "finance")
            .user("bob", "bob-password", "sales")
            .logFile(Path.of("target", "authorization-server-gateway.log"))
            .start();
    worker = new SpyWorker();
    gateway =
        GatewayFixture.startWithOwnUrl(
            dir,
            port -> config(port, server.issuer().toString(), worker.url()),
            o -> o.withAllowAnonymous(false));
    gateway.awaitToolCount(2);
  }

  @AfterAll
  static void stop() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
    if (worker != null) {
      worker.close();
    }
    if (server != null) {
      server.close();
    }
  }

  static URI mcp() {
    return URI.create(gateway.aggregatedUrl());
  }

  static OAuthClientScript user(String name) {
    return OAuthClientScript.authorizationCode(
            mcp(), server.issuer(), "desktop", name, name + "-password")
        .redirectUri(REDIRECT_URI);
  }

  @Test
  void userDiscoversEverythingFromTheGateways401AndLogsInWithPkce() throws Exception {
    OAuthClientScript.Result result = user("alice").run();

    assertThat(result.ok()).as("%s", result.json()).isTrue();
    assertThat(result.steps())
        .containsSubsequence(
            "mcp 401",
            "protected_resource_metadata 200",
            "authorization_server_metadata 200",
            "authorize 302",
            "login_page 200",
            "login 302",
            "authorize 302",
            "token 200",
            "mcp 200");
    assertThat(step(result, "protected_resource_metadata").path("url").asText())
        .isEqualTo(origin() + "/.well-known/oauth-protected-resource/mcp");
    JsonNode authorization = result.json().path("authorization_requests").path(0);
    assertThat(authorization.path("code_challenge_method").asText()).isEqualTo("S256");
    // The SDK sends the resource the gateway's metadata names, and asks for every scope listed
    // there (the passthrough scope grants the worker's prompts and resources on /mcp); the server
    // grants the client's share.
    assertThat(texts(authorization.path("resource"))).containsExactly(mcp().toString());
    assertThat(authorization.path("scope").asText())
        .isEqualTo(
            "billing.get_invoice billing.send_refund billing:read toolgate:passthrough:tools/billing");
    assertThat(texts(step(result, "token").path("resource"))).containsExactly(mcp().toString());
  }

  @Test
  void theServersTokenHasTheShapeTheGatewayAccepts() throws Exception {
    OAuthClientScript.Result result = user("alice").run();

    JsonNode claims = result.tokenClaims();
    assertThat(claims.path("iss").asText()).isEqualTo(server.issuer().toString());
    assertThat(texts(claims.path("aud"))).containsExactly(mcp().toString());
    assertThat(claims.path("sub").asText()).isEqualTo("alice");
    assertThat(claims.path("client_id").asText()).isEqualTo("desktop");
    assertThat(claims.path("scope").asText()).isEqualTo("billing:read");
    assertThat(texts(claims.path("groups"))).containsExactly("finance");
    assertThat(claims.has("nbf")).isTrue();
    assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(300);
  }

  @Test
  void userListsAndCallsOnlyWhatHerScopeAndGroupGrant() throws Exception {
    OAuthClientScript.Result result = user("alice").call("billing.get_invoice").run();

    assertThat(result.tools()).containsExactly("billing.get_invoice");
    JsonNode call = result.call("billing.get_invoice");
    assertThat(call.path("ok").asBoolean()).as("%s", call).isTrue();
    assertThat(call.path("content").toString()).contains("called get_invoice");
    // The worker got the gateway's identity token for alice, never her access token.
    SpyWorker.Seen seen = worker.toolCalls().getLast();
    assertThat(seen.headers()).doesNotContainKey("authorization");
    JsonNode identity = payload(seen.headers().get("toolgate-identity"));
    assertThat(identity.path("sub").asText()).isEqualTo("alice");
    assertThat(identity.path("caller_iss").asText()).isEqualTo(server.issuer().toString());
    assertThat(identity.path("client_id").asText()).isEqualTo("desktop");
    assertThat(identity.path("scope").asText()).isEqualTo("billing:read");
  }

  @Test
  void aToolOutsideTheTokensScopesIsRefusedWith403AndTheStepUpEndsAtTheServer() throws Exception {
    int refundsBefore = refundsSeen();

    OAuthClientScript.Result result = user("alice").call("billing.send_refund").run();

    assertThat(result.ok()).as("%s", result.json()).isTrue();
    JsonNode refund = result.call("billing.send_refund");
    assertThat(refund.path("ok").asBoolean()).isFalse();
    // The gateway answers 403 insufficient_scope naming billing.send_refund; the SDK starts a
    // step-up authorization for exactly that scope, which the server refuses for this client.
    assertThat(result.steps()).contains("mcp 403");
    List<JsonNode> requests = new ArrayList<>();
    result.json().path("authorization_requests").forEach(requests::add);
    assertThat(requests).hasSize(2);
    assertThat(requests.get(1).path("scope").asText()).isEqualTo("billing.send_refund");
    assertThat(texts(requests.get(1).path("resource"))).containsExactly(mcp().toString());
    assertThat(refund.path("error").asText()).contains("invalid_scope");
    assertThat(refundsSeen()).isEqualTo(refundsBefore);
  }

  @Test
  void aUserOutsideTheMcpScopesGroupsGetsNoToolFromThatScope() throws Exception {
    OAuthClientScript.Result result = user("bob").call("billing.get_invoice").run();

    assertThat(result.ok()).as("%s", result.json()).isTrue();
    assertThat(result.tokenClaims().path("scope").asText()).isEqualTo("billing:read");
    assertThat(result.tools()).isEmpty();
    assertThat(result.call("billing.get_invoice").path("ok").asBoolean()).isFalse();
    assertThat(result.steps()).contains("mcp 403");
  }

  @Test
  void agentUsesClientCredentialsAndCallsOnlyItsTool() throws Exception {
    int refundsBefore = refundsSeen();

    OAuthClientScript.Result result =
        OAuthClientScript.clientCredentials(mcp(), server.issuer(), "agent", "agent-secret")
            .scope("billing.get_invoice")
            .call("billing.get_invoice")
            .call("billing.send_refund")
            .run();

    assertThat(result.ok()).as("%s", result.json()).isTrue();
    assertThat(result.steps())
        .containsSubsequence(
            "mcp 401",
            "protected_resource_metadata 200",
            "authorization_server_metadata 200",
            "token 200",
            "mcp 200")
        .noneMatch(step -> step.startsWith("authorize") || step.startsWith("login"));
    assertThat(step(result, "token").path("grant_type").asText()).isEqualTo("client_credentials");
    assertThat(texts(step(result, "token").path("resource"))).containsExactly(mcp().toString());
    assertThat(result.tokenClaims().path("sub").asText()).isEqualTo("agent");
    assertThat(result.tools()).containsExactly("billing.get_invoice");
    assertThat(result.call("billing.get_invoice").path("ok").asBoolean()).isTrue();
    // On 403 insufficient_scope the SDK tries a step-up, but its client-credentials provider asks
    // the token endpoint for its own configured scope, not the challenge's: it gets the same
    // grant, the retried call gets the same 403, and the SDK gives up.
    JsonNode refund = result.call("billing.send_refund");
    assertThat(refund.path("ok").asBoolean()).isFalse();
    assertThat(refund.path("status").asInt()).as("%s", refund).isEqualTo(403);
    assertThat(refund.path("error").asText()).contains("403 after trying upscoping");
    List<String> tokenScopes = new ArrayList<>();
    List<String> callStatuses = new ArrayList<>();
    for (JsonNode step : result.json().path("steps")) {
      if (step.path("step").asText().equals("token")) {
        tokenScopes.add(step.path("scope").asText());
      } else if (step.path("rpc").asText().equals("tools/call")) {
        callStatuses.add(step.path("status").asText());
      }
    }
    assertThat(tokenScopes).containsExactly("billing.get_invoice", "billing.get_invoice");
    assertThat(callStatuses).containsExactly("200", "403", "403");
    assertThat(refundsSeen()).isEqualTo(refundsBefore);
  }

  @Test
  void aTokenForOnePassthroughEndpointWorksThere() throws Exception {
    URI passthrough = URI.create(origin() + PASSTHROUGH);

    OAuthClientScript.Result result =
        OAuthClientScript.clientCredentials(passthrough, server.issuer(), "relay", "relay-secret")
            .scope("toolgate:passthrough:tools/billing billing.get_invoice")
            .call("get_invoice")
            .call("send_refund")
            .run();

    assertThat(result.ok()).as("%s", result.json()).isTrue();
    assertThat(step(result, "protected_resource_metadata").path("url").asText())
        .isEqualTo(origin() + "/.well-known/oauth-protected-resource" + PASSTHROUGH);
    // The resource is the endpoint's own URL, which the gateway accepts as the audience there.
    assertThat(texts(result.tokenClaims().path("aud"))).containsExactly(passthrough.toString());
    assertThat(result.tools()).containsExactly("get_invoice");
    assertThat(result.call("get_invoice").path("ok").asBoolean()).isTrue();
    assertThat(result.call("send_refund").path("status").asInt()).isEqualTo(403);
  }

  private static String origin() {
    return "http://127.0.0.1:" + gateway.gateway().port();
  }

  private static int refundsSeen() {
    return (int)
        worker.toolCalls().stream().filter(s -> "send_refund".equals(s.toolName())).count();
  }

  private static JsonNode step(OAuthClientScript.Result result, String name) {
    for (JsonNode step : result.json().path("steps")) {
      if (name.equals(step.path("step").asText())) {
        return step;
      }
    }
    throw new AssertionError("no " + name + " step in " + result.json());
  }

  private static List<String> texts(JsonNode node) {
    List<String> values = new ArrayList<>();
    if (node.isTextual()) {
      values.add(node.asText());
    } else {
      node.forEach(value -> values.add(value.asText()));
    }
    return values;
  }

  private static JsonNode payload(String jwt) throws Exception {
    assertThat(jwt).isNotNull();
    String[] parts = jwt.split("\\.");
    return JSON.readTree(
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
  }
}
