package dev.toolgate.testing.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.testing.auth.AuthorizationServerProcess;
import dev.toolgate.testing.auth.OAuthClientScript;
import dev.toolgate.testing.auth.ReadyProcess;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official MCP TypeScript client's OAuth flow against this authorization server, with the SDK's
 * own server as the protected resource (a stand-in for the gateway): discovery from the 401,
 * authorization code with PKCE for a user, client credentials for an agent, and only the granted
 * tools listed and callable.
 */
class OAuthClientFlowIT {

  private static final String REDIRECT_URI = "http://127.0.0.1/callback";

  private static AuthorizationServerProcess server;
  private static ReadyProcess standIn;
  private static URI mcpUrl;

  @BeforeAll
  static void start() throws Exception {
    server =
        AuthorizationServerProcess.builder()
            .publicClient("desktop", List.of(REDIRECT_URI), "standin.echo", "standin.whoami")
            .confidentialClient("agent", "agent-secret", "standin.echo")
            .user("alice", "alice-password", "finance", "ops")
            .logFile(Path.of("target", "authorization-server-client-flow.log"))
            .start();
    OAuthClientScript.Tools tools = OAuthClientScript.tools();
    standIn =
        ReadyProcess.start(
            "the stand-in MCP server",
            List.of(
                tools.node().toString(),
                tools.standin().toString(),
                "--issuer",
                server.issuer().toString(),
                "--tool",
                "echo=standin.echo",
                "--tool",
                "whoami=standin.whoami",
                "--tool",
                "refund=standin.refund"),
            null,
            "STANDIN_READY",
            Duration.ofSeconds(30),
            Path.of("target", "standin-server.log"));
    mcpUrl = URI.create(standIn.readyValues().get("url"));
  }

  @AfterAll
  static void stop() {
    if (standIn != null) {
      standIn.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void userFlowDiscoversEverythingFromThe401() throws Exception {
    OAuthClientScript.Result result = userFlow("alice-password").run();

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
  }

  @Test
  void userFlowSendsPkceAndTheResourceOnBothRequests() throws Exception {
    OAuthClientScript.Result result = userFlow("alice-password").run();

    JsonNode authorization = result.json().path("authorization_requests").path(0);
    assertThat(authorization.path("code_challenge_method").asText()).isEqualTo("S256");
    assertThat(texts(authorization.path("resource"))).containsExactly(mcpUrl.toString());
    // The SDK asks for every scope the resource lists; the server grants the client's share.
    assertThat(authorization.path("scope").asText())
        .isEqualTo("standin.echo standin.whoami standin.refund");
    JsonNode tokenRequest = step(result, "token");
    assertThat(tokenRequest.path("grant_type").asText()).isEqualTo("authorization_code");
    assertThat(texts(tokenRequest.path("resource"))).containsExactly(mcpUrl.toString());
  }

  @Test
  void userTokenNamesTheUserTheClientTheGroupsAndTheResource() throws Exception {
    OAuthClientScript.Result result = userFlow("alice-password").run();

    JsonNode claims = result.tokenClaims();
    assertThat(claims.path("iss").asText()).isEqualTo(server.issuer().toString());
    assertThat(texts(claims.path("aud"))).containsExactly(mcpUrl.toString());
    assertThat(claims.path("sub").asText()).isEqualTo("alice");
    assertThat(claims.path("client_id").asText()).isEqualTo("desktop");
    assertThat(texts(claims.path("groups"))).containsExactly("finance", "ops");
    assertThat(claims.path("scope").asText()).isEqualTo("standin.echo standin.whoami");
    assertThat(result.json().path("token").path("refresh_token").asBoolean())
        .as("Spring Authorization Server gives public clients no refresh token")
        .isFalse();
  }

  @Test
  void userListsAndCallsOnlyTheGrantedTools() throws Exception {
    OAuthClientScript.Result result =
        userFlow("alice-password").call("whoami").call("echo", "{\"text\":\"hello\"}").run();

    assertThat(result.tools()).containsExactlyInAnyOrder("echo", "whoami");
    assertThat(result.call("whoami").path("ok").asBoolean()).isTrue();
    assertThat(result.call("whoami").path("content").toString()).contains("alice", "desktop");
    assertThat(result.call("echo").path("content").toString()).contains("hello");
  }

  @Test
  void stepUpForAToolOutsideTheClientsScopesIsRefusedByTheServer() throws Exception {
    OAuthClientScript.Result result = userFlow("alice-password").call("refund").run();

    assertThat(result.ok()).isTrue();
    JsonNode refund = result.call("refund");
    assertThat(refund.path("ok").asBoolean()).isFalse();
    assertThat(refund.path("error").asText()).contains("invalid_scope");
    assertThat(result.steps()).contains("mcp 403");
  }

  @Test
  void wrongPasswordStopsTheFlow() throws Exception {
    OAuthClientScript.Result result = userFlow("not-her-password").run();

    assertThat(result.ok()).isFalse();
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.error()).contains("refused the login of alice");
    assertThat(result.steps()).doesNotContain("token 200");
  }

  @Test
  void agentFlowUsesClientCredentialsWithoutABrowser() throws Exception {
    OAuthClientScript.Result result =
        OAuthClientScript.clientCredentials(mcpUrl, server.issuer(), "agent", "agent-secret")
            .scope("standin.echo")
            .call("echo", "{\"text\":\"from an agent\"}")
            .call("whoami")
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
    assertThat(result.tools()).containsExactly("echo");
    assertThat(result.call("echo").path("content").toString()).contains("from an agent");
    assertThat(result.call("whoami").path("status").asInt()).isEqualTo(403);
    JsonNode claims = result.tokenClaims();
    assertThat(claims.path("sub").asText()).isEqualTo("agent");
    assertThat(texts(claims.path("aud"))).containsExactly(mcpUrl.toString());
    assertThat(claims.has("groups")).isFalse();
  }

  private static OAuthClientScript userFlow(String password) {
    return OAuthClientScript.authorizationCode(
            mcpUrl, server.issuer(), "desktop", "alice", password)
        .redirectUri(REDIRECT_URI);
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
}
