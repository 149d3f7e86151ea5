package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toolgate.examples.conformance.ConformanceWorker;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.BlobResourceContents;
import io.modelcontextprotocol.spec.McpSchema.CompleteRequest;
import io.modelcontextprotocol.spec.McpSchema.EmbeddedResource;
import io.modelcontextprotocol.spec.McpSchema.GetPromptRequest;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.LoggingLevel;
import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.PromptReference;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Aggregated {@code /mcp} as a full MCP server: the resources, resource templates, prompts,
 * completion and logging of two Java SDK workers and a worker that pages its resources, through a
 * real gateway, with an MCP Java SDK client and raw HTTP for what a client library would not send.
 */
class AggregatedResourcesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path temp;

  private static ConformanceWorker alpha;
  private static ConformanceWorker beta;
  private static ScriptedWorker paged;
  private static GatewayFixture gateway;
  private static McpSyncClient client;
  private static RawMcp raw;

  @BeforeAll
  static void start() throws Exception {
    alpha = ConformanceWorker.start(0, "alpha");
    beta = ConformanceWorker.start(0, "beta");
    paged = new ScriptedWorker(false);
    gateway =
        GatewayFixture.start(
            temp,
            List.of(
                new GatewayFixture.Upstream("tools", "alpha", alpha.url(), "alpha"),
                new GatewayFixture.Upstream("tools", "beta", beta.url(), "beta"),
                new GatewayFixture.Upstream("tools", "paged", paged.url(), "paged")));
    gateway.awaitToolCount(33);
    client = GatewayFixture.connect(gateway.aggregatedUrl());
    raw = new RawMcp();
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    raw.close();
    gateway.close();
    paged.close();
    alpha.close();
    beta.close();
  }

  @Test
  void initializeAdvertisesResourcesPromptsCompletionAndLogging() {
    var capabilities = client.getServerCapabilities();
    assertThat(capabilities.resources()).isNotNull();
    assertThat(capabilities.prompts()).isNotNull();
    assertThat(capabilities.completions()).isNotNull();
    assertThat(capabilities.logging()).isNotNull();
    assertThat(capabilities.tools().listChanged()).isTrue();
  }

  @Test
  void listsTheResourcesOfEveryWorkerUnderUrisThatNameTheirWorker() {
    List<String> uris = new ArrayList<>();
    String cursor = null;
    do {
      var page = client.listResources(cursor);
      page.resources().stream().map(Resource::uri).forEach(uris::add);
      cursor = page.nextCursor();
    } while (cursor != null);
    assertThat(uris)
        .containsExactly(
            "toolgate://alpha/test://static-text",
            "toolgate://alpha/test://static-binary",
            "toolgate://alpha/test://watched-resource",
            "toolgate://beta/test://static-text",
            "toolgate://beta/test://static-binary",
            "toolgate://beta/test://watched-resource",
            "toolgate://paged/page://1",
            "toolgate://paged/page://2");
  }

  @Test
  void readsAResourceFromTheWorkerItsUriNames() {
    ReadResourceResult read =
        client.readResource(new ReadResourceRequest("toolgate://beta/test://static-text"));
    TextResourceContents contents = (TextResourceContents) read.contents().getFirst();
    assertThat(contents.uri()).isEqualTo("toolgate://beta/test://static-text");
    assertThat(contents.text()).isEqualTo("This is the content of the static text resource.");
    BlobResourceContents blob =
        (BlobResourceContents)
            client
                .readResource(new ReadResourceRequest("toolgate://alpha/test://static-binary"))
                .contents()
                .getFirst();
    assertThat(blob.uri()).isEqualTo("toolgate://alpha/test://static-binary");
  }

  @Test
  void aTemplateExpandsToAUriTheGatewayReadsFromItsWorker() {
    List<String> templates =
        client.listResourceTemplates().resourceTemplates().stream()
            .map(ResourceTemplate::uriTemplate)
            .toList();
    assertThat(templates)
        .containsExactly(
            "toolgate://alpha/test://template/{id}/data",
            "toolgate://beta/test://template/{id}/data");
    TextResourceContents read =
        (TextResourceContents)
            client
                .readResource(new ReadResourceRequest("toolgate://alpha/test://template/42/data"))
                .contents()
                .getFirst();
    assertThat(read.uri()).isEqualTo("toolgate://alpha/test://template/42/data");
    assertThat(read.text()).contains("Data for ID: 42");
  }

  @Test
  void listsAndGetsPromptsUnderTheirWorkersPrefix() {
    List<String> names = client.listPrompts().prompts().stream().map(Prompt::name).toList();
    assertThat(names)
        .contains("alpha.test_simple_prompt", "beta.test_prompt_with_arguments")
        .allMatch(n -> n.startsWith("alpha.") || n.startsWith("beta."));
    GetPromptResult prompt =
        client.getPrompt(
            new GetPromptRequest(
                "beta.test_prompt_with_arguments", Map.of("arg1", "one", "arg2", "two")));
    assertThat(((TextContent) prompt.messages().getFirst().content()).text())
        .isEqualTo("Prompt with arguments: arg1='one', arg2='two'");
  }

  @Test
  void anEmbeddedResourceInAPromptComesBackUnderItsAggregatedUri() {
    GetPromptResult prompt =
        client.getPrompt(
            new GetPromptRequest(
                "alpha.test_prompt_with_embedded_resource", Map.of("resourceUri", "test://x")));
    EmbeddedResource embedded = (EmbeddedResource) prompt.messages().getFirst().content();
    assertThat(embedded.resource().uri()).isEqualTo("toolgate://alpha/test://x");
  }

  @Test
  void promptsAndResourcesAreRedactedOnTheirWayBackAsToolResultsAre() {
    String key = "AKIACANARY" + "0123456789";
    GetPromptResult prompt =
        client.getPrompt(
            new GetPromptRequest(
                "alpha.test_prompt_with_arguments", Map.of("arg1", key, "arg2", "two")));
    assertThat(((TextContent) prompt.messages().getFirst().content()).text())
        .doesNotContain(key)
        .contains("arg2='two'");
    ReadResourceResult read =
        client.readResource(
            new ReadResourceRequest("toolgate://beta/test://template/" + key + "/data"));
    assertThat(((TextResourceContents) read.contents().getFirst()).text())
        .doesNotContain(key)
        .contains("Data for ID: ");
  }

  @Test
  void completesAPromptArgumentOnItsWorker() {
    var result =
        client.completeCompletion(
            new CompleteRequest(
                new PromptReference("alpha.test_prompt_with_arguments"),
                new CompleteRequest.CompleteArgument("arg1", "")));
    // The worker completes that prompt (with no values) under its own name; another name fails.
    assertThat(result.completion().values()).isEmpty();
    assertThatThrownBy(
            () ->
                client.completeCompletion(
                    new CompleteRequest(
                        new PromptReference("gamma.test_prompt_with_arguments"),
                        new CompleteRequest.CompleteArgument("arg1", ""))))
        .isInstanceOf(McpError.class)
        .satisfies(e -> assertThat(((McpError) e).getJsonRpcError().code()).isEqualTo(-32602));
  }

  @Test
  void setsTheLogLevelOnEveryWorker() {
    client.setLoggingLevel(LoggingLevel.WARNING); // a worker without logging does not fail it
  }

  @Test
  void anUnknownOrForgedResourceUriIsInvalidParams() {
    for (String uri :
        List.of(
            "test://static-text",
            "toolgate://gamma/test://static-text",
            "toolgate://alpha",
            "toolgate://%zz/test://static-text")) {
      assertThatThrownBy(() -> client.readResource(new ReadResourceRequest(uri)))
          .as(uri)
          .isInstanceOf(McpError.class)
          .satisfies(e -> assertThat(((McpError) e).getJsonRpcError().code()).isEqualTo(-32602))
          .hasMessageContaining("Resource not found");
    }
  }

  @Test
  void anUnknownPromptIsInvalidParams() {
    for (String name : List.of("test_simple_prompt", "gamma.test_simple_prompt", "alpha.")) {
      assertThatThrownBy(() -> client.getPrompt(new GetPromptRequest(name, Map.of())))
          .as(name)
          .isInstanceOf(McpError.class)
          .satisfies(e -> assertThat(((McpError) e).getJsonRpcError().code()).isEqualTo(-32602))
          .hasMessageContaining("Unknown prompt");
    }
  }

  @Test
  void aCursorWorksOnlyInTheSessionAndListThatGotIt() throws Exception {
    String url = gateway.aggregatedUrl();
    String session = raw.initialize(url);
    JsonNode first = answer(raw.post(url, list("resources/list", null), session));
    String cursor = first.path("result").path("nextCursor").asText();
    assertThat(cursor).isNotEmpty();
    JsonNode second = answer(raw.post(url, list("resources/list", cursor), session));
    assertThat(second.path("result").path("resources").get(0).path("uri").asText())
        .isEqualTo("toolgate://paged/page://2");
    assertThat(second.path("result").has("nextCursor")).isFalse();

    String other = raw.initialize(url);
    assertInvalidCursor(raw.post(url, list("resources/list", cursor), other));
    assertInvalidCursor(raw.post(url, list("prompts/list", cursor), session));
    assertInvalidCursor(raw.post(url, list("resources/list", "made-up"), session));
    String tampered = cursor.substring(0, cursor.indexOf('.')) + ".AAAA";
    assertInvalidCursor(raw.post(url, list("resources/list", tampered), session));
  }

  private static void assertInvalidCursor(ContentResponse response) throws Exception {
    JsonNode error = answer(response).path("error");
    assertThat(error.path("code").asInt()).isEqualTo(-32602);
    assertThat(error.path("message").asText()).contains("cursor");
  }

  private static String list(String method, String cursor) {
    return "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\""
        + method
        + "\",\"params\":{"
        + (cursor == null ? "" : "\"cursor\":\"" + cursor + "\"")
        + "}}";
  }

  private static JsonNode answer(ContentResponse response) throws Exception {
    assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
    return JSON.readTree(response.getContent());
  }
}
