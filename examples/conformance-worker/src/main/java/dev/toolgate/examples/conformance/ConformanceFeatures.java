package dev.toolgate.examples.conformance;

import io.modelcontextprotocol.server.McpServerFeatures.SyncCompletionSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.AudioContent;
import io.modelcontextprotocol.spec.McpSchema.BlobResourceContents;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.CompleteResult;
import io.modelcontextprotocol.spec.McpSchema.CompleteResult.CompleteCompletion;
import io.modelcontextprotocol.spec.McpSchema.Content;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageRequest;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitFormRequest;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.modelcontextprotocol.spec.McpSchema.EmbeddedResource;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.ImageContent;
import io.modelcontextprotocol.spec.McpSchema.LoggingLevel;
import io.modelcontextprotocol.spec.McpSchema.LoggingMessageNotification;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.PromptArgument;
import io.modelcontextprotocol.spec.McpSchema.PromptMessage;
import io.modelcontextprotocol.spec.McpSchema.PromptReference;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.SamplingMessage;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tools, prompts and resources that the official MCP conformance suite calls by name (see its
 * {@code src/scenarios/server/}), plus {@code echo} and {@code sleep}, which the gateway's own
 * tests and latency driver use.
 */
@SuppressWarnings("unchecked")
final class ConformanceFeatures {

  /** A 1x1 red PNG. */
  static final String RED_PIXEL_PNG =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

  /** A WAV header with no samples: the smallest valid audio payload. */
  static final String EMPTY_WAV = "UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAAB9AAACABAAZGF0YQAAAAA=";

  /** The transport context key under which the worker records the request's header names. */
  static final String HEADER_NAMES = "toolgate.headerNames";

  private static final Map<String, Object> NO_ARGUMENTS =
      Map.of("type", "object", "properties", Map.of());
  private static final Pattern TEMPLATE_URI = Pattern.compile("test://template/(.+)/data");

  private final String workerName;

  ConformanceFeatures(String workerName) {
    this.workerName = workerName;
  }

  List<SyncToolSpecification> tools() {
    return List.of(
        tool(
            "test_simple_text",
            "Returns simple text content",
            NO_ARGUMENTS,
            (exchange, request) -> result(text("This is a simple text response for testing."))),
        tool(
            "test_image_content",
            "Returns image content",
            NO_ARGUMENTS,
            (exchange, request) ->
                result(ImageContent.builder(RED_PIXEL_PNG, "image/png").build())),
        tool(
            "test_audio_content",
            "Returns audio content",
            NO_ARGUMENTS,
            (exchange, request) -> result(AudioContent.builder(EMPTY_WAV, "audio/wav").build())),
        tool(
            "test_embedded_resource",
            "Returns an embedded resource",
            NO_ARGUMENTS,
            (exchange, request) ->
                result(
                    embedded(
                        "test://embedded-resource",
                        "text/plain",
                        "This is an embedded resource content."))),
        tool(
            "test_multiple_content_types",
            "Returns text, image and resource content together",
            NO_ARGUMENTS,
            (exchange, request) ->
                result(
                    text("Multiple content types test:"),
                    ImageContent.builder(RED_PIXEL_PNG, "image/png").build(),
                    embedded(
                        "test://mixed-content-resource",
                        "application/json",
                        "{\"test\":\"data\",\"value\":123}"))),
        tool(
            "test_tool_with_logging",
            "Sends three log notifications while it runs",
            NO_ARGUMENTS,
            this::withLogging),
        tool(
            "test_error_handling",
            "Always returns a tool error",
            NO_ARGUMENTS,
            (exchange, request) ->
                CallToolResult.builder()
                    .content(List.of(text("This tool intentionally returns an error for testing")))
                    .isError(true)
                    .build()),
        tool(
            "test_tool_with_progress",
            "Reports progress 0, 50 and 100 of 100",
            NO_ARGUMENTS,
            this::withProgress),
        tool(
            "test_sampling",
            "Asks the client's LLM to answer a prompt",
            objectSchema(
                Map.of("prompt", stringProperty("The prompt to send to the LLM")), "prompt"),
            this::sampling),
        tool(
            "test_elicitation",
            "Asks the user for a username and an email address",
            objectSchema(
                Map.of("message", stringProperty("The message to show the user")), "message"),
            this::elicitation),
        tool(
            "test_elicitation_sep1034_defaults",
            "Elicitation with a default value for every primitive type",
            NO_ARGUMENTS,
            (exchange, request) ->
                elicit(
                    exchange, "Please provide your information with defaults", defaultsSchema())),
        tool(
            "test_elicitation_sep1330_enums",
            "Elicitation with the five enum schema variants",
            NO_ARGUMENTS,
            (exchange, request) -> elicit(exchange, "Select your preferences", enumsSchema())),
        tool(
            "json_schema_2020_12_tool",
            "Tool with JSON Schema 2020-12 features",
            jsonSchema202012(),
            (exchange, request) -> result(text("JSON Schema 2020-12 tool called"))),
        tool(
            "echo",
            "Returns its text argument, prefixed with the worker name",
            objectSchema(Map.of("text", stringProperty("Text to echo")), "text"),
            (exchange, request) ->
                result(text(workerName + ": " + request.arguments().get("text")))),
        tool(
            "sleep",
            "Waits the given milliseconds, then answers; for timeout tests",
            objectSchema(
                Map.of("millis", Map.of("type", "integer", "description", "How long to wait")),
                "millis"),
            (exchange, request) -> {
              long millis = ((Number) request.arguments().get("millis")).longValue();
              pause(millis);
              return result(text(workerName + " slept " + millis + " ms"));
            }),
        tool(
            "request_headers",
            "Lists the names of the HTTP headers of this call, to check what a proxy forwards",
            NO_ARGUMENTS,
            (exchange, request) ->
                result(
                    text(
                        String.join(
                            ",", (List<String>) exchange.transportContext().get(HEADER_NAMES))))));
  }

  List<SyncPromptSpecification> prompts() {
    return List.of(
        new SyncPromptSpecification(
            Prompt.builder("test_simple_prompt")
                .description("A simple prompt")
                .arguments(List.of())
                .build(),
            (exchange, request) ->
                GetPromptResult.builder(
                        List.of(userMessage(text("This is a simple prompt for testing."))))
                    .build()),
        new SyncPromptSpecification(
            Prompt.builder("test_prompt_with_arguments")
                .description("A prompt with two arguments")
                .arguments(
                    List.of(
                        PromptArgument.builder("arg1")
                            .description("First argument")
                            .required(true)
                            .build(),
                        PromptArgument.builder("arg2")
                            .description("Second argument")
                            .required(true)
                            .build()))
                .build(),
            (exchange, request) ->
                GetPromptResult.builder(
                        List.of(
                            userMessage(
                                text(
                                    "Prompt with arguments: arg1='"
                                        + request.arguments().get("arg1")
                                        + "', arg2='"
                                        + request.arguments().get("arg2")
                                        + "'"))))
                    .build()),
        new SyncPromptSpecification(
            Prompt.builder("test_prompt_with_embedded_resource")
                .description("A prompt that embeds a resource")
                .arguments(
                    List.of(
                        PromptArgument.builder("resourceUri")
                            .description("URI of the resource to embed")
                            .required(true)
                            .build()))
                .build(),
            (exchange, request) ->
                GetPromptResult.builder(
                        List.of(
                            userMessage(
                                embedded(
                                    String.valueOf(request.arguments().get("resourceUri")),
                                    "text/plain",
                                    "Embedded resource content for testing.")),
                            userMessage(text("Please process the embedded resource above."))))
                    .build()),
        new SyncPromptSpecification(
            Prompt.builder("test_prompt_with_image")
                .description("A prompt with an image")
                .arguments(List.of())
                .build(),
            (exchange, request) ->
                GetPromptResult.builder(
                        List.of(
                            userMessage(ImageContent.builder(RED_PIXEL_PNG, "image/png").build()),
                            userMessage(text("Please analyze the image above."))))
                    .build()));
  }

  List<SyncResourceSpecification> resources() {
    return List.of(
        textResource(
            "test://static-text",
            "Static Text Resource",
            "This is the content of the static text resource."),
        new SyncResourceSpecification(
            Resource.builder("test://static-binary", "Static Binary Resource")
                .description("A static binary resource")
                .mimeType("image/png")
                .build(),
            (exchange, request) ->
                ReadResourceResult.builder(
                        List.of(
                            BlobResourceContents.builder("test://static-binary", RED_PIXEL_PNG)
                                .mimeType("image/png")
                                .build()))
                    .build()),
        textResource(
            "test://watched-resource", "Watched Resource", "This is a watched resource content."));
  }

  List<SyncResourceTemplateSpecification> resourceTemplates() {
    return List.of(
        new SyncResourceTemplateSpecification(
            ResourceTemplate.builder("test://template/{id}/data", "Template Resource")
                .description("A resource template with one parameter")
                .mimeType("application/json")
                .build(),
            (exchange, request) -> {
              Matcher matcher = TEMPLATE_URI.matcher(request.uri());
              String id = matcher.matches() ? matcher.group(1) : "";
              String json =
                  "{\"id\":\""
                      + id
                      + "\",\"templateTest\":true,\"data\":\"Data for ID: "
                      + id
                      + "\"}";
              return ReadResourceResult.builder(
                      List.of(
                          TextResourceContents.builder(request.uri(), json)
                              .mimeType("application/json")
                              .build()))
                  .build();
            }));
  }

  List<SyncCompletionSpecification> completions() {
    return List.of(
        new SyncCompletionSpecification(
            new PromptReference("test_prompt_with_arguments"),
            (exchange, request) ->
                new CompleteResult(new CompleteCompletion(List.of(), 0, false))));
  }

  private CallToolResult withLogging(McpSyncServerExchange exchange, CallToolRequest request) {
    for (String message :
        List.of("Tool execution started", "Tool processing data", "Tool execution completed")) {
      exchange.loggingNotification(
          LoggingMessageNotification.builder(LoggingLevel.INFO, message).build());
    }
    return result(text("Tool execution completed with logging"));
  }

  private CallToolResult withProgress(McpSyncServerExchange exchange, CallToolRequest request) {
    Object token = request.meta() == null ? null : request.meta().get("progressToken");
    for (double progress : new double[] {0, 50, 100}) {
      if (token != null) {
        exchange.progressNotification(
            ProgressNotification.builder(token, progress).total(100.0).build());
      }
      if (progress < 100) {
        pause(50);
      }
    }
    return result(text("Tool execution completed with progress"));
  }

  private CallToolResult sampling(McpSyncServerExchange exchange, CallToolRequest request) {
    String prompt = String.valueOf(request.arguments().get("prompt"));
    CreateMessageResult answer =
        exchange.createMessage(
            CreateMessageRequest.builder(
                    List.of(SamplingMessage.builder(Role.USER, text(prompt)).build()), 100)
                .build());
    String answerText =
        answer.content() instanceof TextContent t ? t.text() : String.valueOf(answer.content());
    return result(text("LLM response: " + answerText));
  }

  private CallToolResult elicitation(McpSyncServerExchange exchange, CallToolRequest request) {
    Map<String, Object> schema =
        objectSchema(
            Map.of(
                "username", stringProperty("User's response"),
                "email", stringProperty("User's email address")),
            "username",
            "email");
    ElicitResult answer =
        exchange.createElicitation(
            ElicitFormRequest.builder(String.valueOf(request.arguments().get("message")), schema)
                .build());
    return result(
        text("User response: action=" + answer.action() + ", content=" + answer.content()));
  }

  private static CallToolResult elicit(
      McpSyncServerExchange exchange, String message, Map<String, Object> schema) {
    ElicitResult answer =
        exchange.createElicitation(ElicitFormRequest.builder(message, schema).build());
    return result(
        text("Elicitation completed: action=" + answer.action() + ", content=" + answer.content()));
  }

  private static Map<String, Object> defaultsSchema() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("name", Map.of("type", "string", "default", "John Doe"));
    properties.put("age", Map.of("type", "integer", "default", 30));
    properties.put("score", Map.of("type", "number", "default", 95.5));
    properties.put(
        "status",
        Map.of(
            "type",
            "string",
            "enum",
            List.of("active", "inactive", "pending"),
            "default",
            "active"));
    properties.put("verified", Map.of("type", "boolean", "default", true));
    return objectSchema(properties, "name", "age", "score", "status", "verified");
  }

  private static Map<String, Object> enumsSchema() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put(
        "untitledSingle",
        Map.of("type", "string", "enum", List.of("option1", "option2", "option3")));
    properties.put(
        "titledSingle",
        Map.of(
            "type",
            "string",
            "oneOf",
            List.of(
                titled("value1", "First Option"),
                titled("value2", "Second Option"),
                titled("value3", "Third Option"))));
    properties.put(
        "legacyEnum",
        Map.of(
            "type",
            "string",
            "enum",
            List.of("opt1", "opt2", "opt3"),
            "enumNames",
            List.of("Option One", "Option Two", "Option Three")));
    properties.put(
        "untitledMulti",
        Map.of(
            "type",
            "array",
            "items",
            Map.of("type", "string", "enum", List.of("option1", "option2", "option3"))));
    properties.put(
        "titledMulti",
        Map.of(
            "type",
            "array",
            "items",
            Map.of(
                "anyOf",
                List.of(
                    titled("value1", "First Choice"),
                    titled("value2", "Second Choice"),
                    titled("value3", "Third Choice")))));
    return objectSchema(
        properties, "untitledSingle", "titledSingle", "legacyEnum", "untitledMulti", "titledMulti");
  }

  private static Map<String, Object> jsonSchema202012() {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    schema.put("type", "object");
    schema.put(
        "$defs",
        Map.of(
            "address",
            Map.of(
                "type",
                "object",
                "properties",
                Map.of("street", Map.of("type", "string"), "city", Map.of("type", "string")))));
    schema.put(
        "properties",
        Map.of("name", Map.of("type", "string"), "address", Map.of("$ref", "#/$defs/address")));
    schema.put("additionalProperties", false);
    return schema;
  }

  private static Map<String, Object> titled(String value, String title) {
    return Map.of("const", value, "title", title);
  }

  private static Map<String, Object> objectSchema(
      Map<String, Object> properties, String... required) {
    return Map.of("type", "object", "properties", properties, "required", List.of(required));
  }

  private static Map<String, Object> stringProperty(String description) {
    return Map.of("type", "string", "description", description);
  }

  private static SyncToolSpecification tool(
      String name,
      String description,
      Map<String, Object> inputSchema,
      BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> handler) {
    return SyncToolSpecification.builder()
        .tool(Tool.builder(name, inputSchema).description(description).build())
        .callHandler(handler)
        .build();
  }

  private static SyncResourceSpecification textResource(String uri, String name, String content) {
    return new SyncResourceSpecification(
        Resource.builder(uri, name).description(name).mimeType("text/plain").build(),
        (exchange, request) ->
            ReadResourceResult.builder(
                    List.of(
                        TextResourceContents.builder(uri, content).mimeType("text/plain").build()))
                .build());
  }

  private static CallToolResult result(Content... content) {
    return CallToolResult.builder().content(List.of(content)).isError(false).build();
  }

  private static TextContent text(String text) {
    return TextContent.builder(text).build();
  }

  private static EmbeddedResource embedded(String uri, String mimeType, String content) {
    return EmbeddedResource.builder(
            TextResourceContents.builder(uri, content).mimeType(mimeType).build())
        .build();
  }

  private static PromptMessage userMessage(Content content) {
    return PromptMessage.builder(Role.USER, content).build();
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
