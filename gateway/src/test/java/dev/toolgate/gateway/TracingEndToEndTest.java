package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenTelemetry tracing end to end: a client's trace context goes through a real gateway to a real
 * worker as the gateway's own child span, and a real OpenTelemetry Collector on loopback receives
 * the call's span with its policy stages as children.
 */
class TracingEndToEndTest {

  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String CLIENT_SPAN = "00f067aa0ba902b7";

  @TempDir static Path dir;

  static OtelCollector collector;
  static SpyWorker worker;
  static GatewayFixture gateway;

  @BeforeAll
  static void start() throws Exception {
    collector = OtelCollector.start(dir);
    worker = new SpyWorker();
    gateway =
        GatewayFixture.start(
            dir,
            List.of(new GatewayFixture.Upstream("tools", "spy", worker.url(), "spy")),
            o ->
                o.withOtelEnvironment(
                    Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint(),
                        "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                        "OTEL_BSP_SCHEDULE_DELAY", "50",
                        "OTEL_SERVICE_NAME", "toolgate-gateway-test")));
    gateway.awaitToolCount(2);
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable open : new AutoCloseable[] {gateway, worker, collector}) {
      if (open != null) {
        open.close();
      }
    }
  }

  @Test
  void theClientsTraceReachesTheWorkerThroughTheGatewaysSpanWithTheStagesAsChildren()
      throws Exception {
    try (PolicyClient client = new PolicyClient(gateway.aggregatedUrl())) {
      client.header("traceparent", "00-" + TRACE_ID + "-" + CLIENT_SPAN + "-01");
      client.header("tracestate", "agent=prompt-7");
      assertThat(client.call("spy.get_invoice", "{\"n\":1}").status()).isEqualTo(200);
    }

    String seen = worker.toolCalls().getLast().headers().get("traceparent");
    assertThat(seen).startsWith("00-" + TRACE_ID + "-").endsWith("-01");
    String gatewaySpan = seen.split("-")[2];
    assertThat(gatewaySpan).isNotEqualTo(CLIENT_SPAN);
    assertThat(worker.toolCalls().getLast().headers().get("tracestate"))
        .isEqualTo("agent=prompt-7");

    OtelCollector.Span call =
        await().atMost(Duration.ofSeconds(20)).until(() -> span(gatewaySpan), s -> s != null);
    assertThat(call.traceId()).isEqualTo(TRACE_ID);
    assertThat(call.parentId()).isEqualTo(CLIENT_SPAN);
    assertThat(call.name()).isEqualTo("tools/call spy.get_invoice");
    assertThat(call.attributes())
        .containsEntry("mcp.method.name", "tools/call")
        .containsEntry("gen_ai.tool.name", "spy.get_invoice")
        .containsEntry("gen_ai.operation.name", "execute_tool")
        .containsEntry("toolgate.endpoint", "aggregated")
        .containsKey("mcp.session.id")
        .containsKey("jsonrpc.request.id");

    List<String> stages =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> stagesUnder(gatewaySpan), s -> s.contains("AggregatedForward"));
    assertThat(stages)
        .containsExactly(
            "RecordCalls",
            "ResolveTool",
            "AuthorizeToolCall",
            "LimitRate",
            "ChargeBudget",
            "DetectLoops",
            "RedactAnswers",
            "CacheResults",
            "AnnotateResults",
            "MintIdentity",
            "ObserveAnswer",
            "AggregatedForward");
  }

  @Test
  void aPassthroughCallIsTracedTheSameWay() throws Exception {
    String trace = "5bf92f3577b34da6a3ce929d0e0e4736";
    try (PolicyClient client = new PolicyClient(gateway.passthroughUrl("tools", "spy"))) {
      client.header("traceparent", "00-" + trace + "-" + CLIENT_SPAN + "-01");
      assertThat(client.call("get_invoice", "{}").status()).isEqualTo(200);
    }

    String seen = worker.toolCalls().getLast().headers().get("traceparent");
    assertThat(seen).startsWith("00-" + trace + "-");
    String gatewaySpan = seen.split("-")[2];
    OtelCollector.Span call =
        await().atMost(Duration.ofSeconds(20)).until(() -> span(gatewaySpan), s -> s != null);
    assertThat(call.parentId()).isEqualTo(CLIENT_SPAN);
    assertThat(call.attributes()).containsEntry("toolgate.endpoint", "passthrough");
    assertThat(
            await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> stagesUnder(gatewaySpan), s -> s.contains("PassthroughForward")))
        .startsWith("RecordCalls", "ResolveTool", "AuthorizeToolCall")
        .endsWith("MintIdentity", "ObserveAnswer", "PassthroughForward");
  }

  @Test
  void aCallWithoutTraceContextStartsATraceOfItsOwn() throws Exception {
    try (PolicyClient client = new PolicyClient(gateway.aggregatedUrl())) {
      assertThat(client.call("spy.send_refund", "{}").status()).isEqualTo(200);
    }

    String seen = worker.toolCalls().getLast().headers().get("traceparent");
    assertThat(seen).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}").doesNotContain(TRACE_ID);
    assertThat(Integer.parseInt(seen.substring(53), 16) & 1).as("sampled").isEqualTo(1);
    OtelCollector.Span call =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> span(seen.split("-")[2]), s -> s != null);
    assertThat(call.parentId()).isEmpty();
    assertThat(call.traceId()).isEqualTo(seen.split("-")[1]);
  }

  @Test
  void aRefusedCallsSpanSaysWhichStageRefusedIt() throws Exception {
    String trace = "0af7651916cd43dd8448eb211c80319c";
    try (PolicyClient client = new PolicyClient(gateway.aggregatedUrl())) {
      client.header("traceparent", "00-" + trace + "-b7ad6b7169203331-01");
      assertThat(client.call("spy.no_such_tool", "{}").error().isMissingNode()).isFalse();
    }

    OtelCollector.Span call =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    collector.spans().stream()
                        .filter(s -> trace.equals(s.traceId()) && s.name().startsWith("tools/call"))
                        .findFirst()
                        .orElse(null),
                s -> s != null);
    assertThat(call.attributes()).containsKey("error.type");
    assertThat(stagesUnder(call.id())).containsExactly("RecordCalls", "ResolveTool");
  }

  private static OtelCollector.Span span(String id) throws Exception {
    return collector.spans().stream().filter(s -> id.equals(s.id())).findFirst().orElse(null);
  }

  private static List<String> stagesUnder(String parent) throws Exception {
    return collector.spans().stream()
        .filter(s -> parent.equals(s.parentId()) && s.name().startsWith("toolgate.stage "))
        .map(s -> s.name().substring("toolgate.stage ".length()))
        .toList();
  }
}
