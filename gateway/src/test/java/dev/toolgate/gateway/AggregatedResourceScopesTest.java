package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toolgate.examples.conformance.ConformanceWorker;
import dev.toolgate.gateway.auth.Authenticator;
import dev.toolgate.gateway.auth.TestIssuer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway is the boundary for a worker's prompts and resources on {@code /mcp}: only the
 * worker's passthrough scope grants them. A caller without it sees none of them in any list and
 * cannot read, get or complete them, whatever URI or name it writes; a tool scope of the same
 * worker grants its tool only.
 */
class AggregatedResourceScopesTest {

  private static final String AUDIENCE = "https://mcp.example.com/mcp";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static TestIssuer issuer;
  private static ConformanceWorker alpha;
  private static ConformanceWorker beta;
  private static GatewayFixture gateway;
  private static RawMcp raw;

  @BeforeAll
  static void start() throws Exception {
    issuer = new TestIssuer();
    alpha = ConformanceWorker.start(0, "alpha");
    beta = ConformanceWorker.start(0, "beta");
    String config =
        """
        version: toolgate.dev/gateway-config/v1
        auth:
          audience: %s
          issuers:
          - issuer: %s
            algorithms: [RS256]
        upstreams:
        - id: tools/alpha
          url: %s
          passthroughPath: /mcp/tools/tools/alpha
          toolPrefix: alpha
          exposeAll: true
        - id: tools/beta
          url: %s
          passthroughPath: /mcp/tools/tools/beta
          toolPrefix: beta
          exposeAll: true
        """
            .formatted(AUDIENCE, issuer.url(), alpha.url(), beta.url());
    gateway =
        GatewayFixture.startWithConfig(
            dir,
            config,
            o ->
                o.withKeyPolicy(
                    new Authenticator.KeyPolicy(
                        issuer.fetcher(), Duration.ofMillis(300), Duration.ofMinutes(10))));
    gateway.awaitToolCount(32);
    raw = new RawMcp();
  }

  @AfterAll
  static void stop() throws Exception {
    raw.close();
    gateway.close();
    alpha.close();
    beta.close();
    issuer.close();
  }

  @Test
  void theWorkersPassthroughScopeGrantsItsPromptsAndResourcesAndNoOtherWorkers() throws Exception {
    Caller caller = new Caller("toolgate:passthrough:tools/alpha");
    assertThat(caller.names("resources/list", "resources", "uri"))
        .isNotEmpty()
        .allMatch(uri -> uri.startsWith("toolgate://alpha/"));
    assertThat(caller.names("resources/templates/list", "resourceTemplates", "uriTemplate"))
        .containsExactly("toolgate://alpha/test://template/{id}/data");
    assertThat(caller.names("prompts/list", "prompts", "name"))
        .isNotEmpty()
        .allMatch(name -> name.startsWith("alpha."));
    assertThat(caller.read("toolgate://alpha/test://static-text").path("result").path("contents"))
        .hasSize(1);

    caller.refused(read("toolgate://beta/test://static-text"));
    caller.refused(read("toolgate://beta/test://template/1/data"));
    caller.refused(getPrompt("beta.test_simple_prompt"));
    caller.refused(completePrompt("beta.test_prompt_with_arguments"));
  }

  @Test
  void aToolScopeGrantsTheToolButNoneOfItsWorkersPromptsOrResources() throws Exception {
    Caller caller = new Caller("alpha.echo");
    assertThat(caller.names("resources/list", "resources", "uri")).isEmpty();
    assertThat(caller.names("resources/templates/list", "resourceTemplates", "uriTemplate"))
        .isEmpty();
    assertThat(caller.names("prompts/list", "prompts", "name")).isEmpty();
    caller.refused(read("toolgate://alpha/test://static-text"));
    caller.refused(getPrompt("alpha.test_simple_prompt"));
    caller.refused(completePrompt("alpha.test_prompt_with_arguments"));
    ContentResponse logging =
        caller.post(
            "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"info\"}}");
    assertThat(logging.getStatus()).isEqualTo(200); // asks no worker: there is none it may use
  }

  private static String read(String uri) {
    return "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"resources/read\",\"params\":{\"uri\":\""
        + uri
        + "\"}}";
  }

  private static String getPrompt(String name) {
    return "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"prompts/get\",\"params\":{\"name\":\""
        + name
        + "\"}}";
  }

  private static String completePrompt(String name) {
    return "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"completion/complete\",\"params\":{\"ref\":"
        + "{\"type\":\"ref/prompt\",\"name\":\""
        + name
        + "\"},\"argument\":{\"name\":\"arg1\",\"value\":\"\"}}}";
  }

  /** A caller with a token of its own and a session on /mcp. */
  private static final class Caller {
    private final String token;
    private final String session;

    Caller(String scopes) throws Exception {
      token = issuer.token(AUDIENCE).subject("someone").scope(scopes).sign();
      ContentResponse init = post(RawMcp.INITIALIZE, null);
      assertThat(init.getStatus()).as(init.getContentAsString()).isEqualTo(200);
      session = init.getHeaders().get("Mcp-Session-Id");
    }

    ContentResponse post(String body) throws Exception {
      return post(body, session);
    }

    private ContentResponse post(String body, String sessionId) throws Exception {
      Map<String, String> headers =
          sessionId == null
              ? Map.of("Authorization", "Bearer " + token)
              : Map.of("Authorization", "Bearer " + token, "Mcp-Session-Id", sessionId);
      return raw.send(raw.post(gateway.aggregatedUrl(), body, headers));
    }

    List<String> names(String method, String items, String field) throws Exception {
      JsonNode answer =
          message(post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"" + method + "\"}"));
      List<String> names = new ArrayList<>();
      answer.path("result").path(items).forEach(item -> names.add(item.path(field).asText()));
      assertThat(answer.path("result").has("nextCursor")).isFalse();
      return names;
    }

    JsonNode read(String uri) throws Exception {
      return message(post(AggregatedResourceScopesTest.read(uri)));
    }

    void refused(String body) throws Exception {
      ContentResponse response = post(body);
      assertThat(response.getStatus()).as(body).isEqualTo(403);
      assertThat(response.getHeaders().get("WWW-Authenticate"))
          .contains("insufficient_scope")
          .contains("toolgate:passthrough:tools/");
    }
  }

  /** The JSON-RPC message of a JSON or event-stream answer. */
  private static JsonNode message(ContentResponse response) throws Exception {
    assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
    String text = response.getContentAsString();
    if (response.getMediaType() != null && response.getMediaType().contains("event-stream")) {
      text =
          text.lines()
              .filter(line -> line.startsWith("data:") && line.contains("\"id\""))
              .map(line -> line.substring(5).trim())
              .findFirst()
              .orElseThrow();
    }
    return JSON.readTree(text);
  }
}
