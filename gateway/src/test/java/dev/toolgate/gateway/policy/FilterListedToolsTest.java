package dev.toolgate.gateway.policy;

import static dev.toolgate.gateway.policy.PolicyFixtures.BILLING;
import static dev.toolgate.gateway.policy.PolicyFixtures.TABLE;
import static dev.toolgate.gateway.policy.PolicyFixtures.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.api.config.GatewayConfig;
import dev.toolgate.api.config.ToolSchema;
import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.gateway.routing.RoutingTable;
import dev.toolgate.gateway.routing.ToolDefinition;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilterListedToolsTest {

  private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}";
  private static final String ANSWER =
      "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"tools\":[{\"name\":\"get_invoice\"},"
          + "{\"name\":\"send_refund\"}],\"nextCursor\":\"c2\"}}";

  private final FilterListedTools stage = new FilterListedTools(() -> TABLE, new PolicyCounters());

  @Test
  void aPassthroughListShowsOnlyExposedToolsAndKeepsTheCursor() throws Exception {
    WorkerCall call = call(LIST, BILLING);
    stage.apply(call, () -> {});
    String filtered =
        new String(
            call.answerRewrite().apply(ANSWER.getBytes(StandardCharsets.UTF_8)),
            StandardCharsets.UTF_8);
    assertThat(filtered)
        .isEqualTo(
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"tools\":[{\"name\":\"get_invoice\"}],"
                + "\"nextCursor\":\"c2\"}}");
  }

  @Test
  void otherMethodsAndErrorsPassUnchanged() throws Exception {
    WorkerCall call = call("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"prompts/list\"}", BILLING);
    stage.apply(call, () -> {});
    byte[] answer = "{\"jsonrpc\":\"2.0\",\"id\":4,\"result\":{}}".getBytes(StandardCharsets.UTF_8);
    assertThat(call.answerRewrite().apply(answer)).isSameAs(answer);

    WorkerCall list = call(LIST, BILLING);
    stage.apply(list, () -> {});
    byte[] error =
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-1,\"message\":\"x\"}}"
            .getBytes(StandardCharsets.UTF_8);
    assertThat(list.answerRewrite().apply(error)).isSameAs(error);
  }

  @Test
  void aPinnedToolIsCheckedAgainstTheDefinitionInTheAnswerItself() throws Exception {
    // Discovery saw the approved definition; the worker now lists another one.
    String approved = ToolDefinition.schemaHash(PolicyFixtures.tool("get_invoice"));
    UpstreamConfig pinned =
        BILLING.withSchemas(List.of(new ToolSchema("get_invoice", approved, approved)));
    RoutingTable table =
        RoutingTable.build(
            new GatewayConfig(GatewayConfig.CURRENT_VERSION, null, List.of(pinned), List.of()),
            Map.of("tools/billing", List.of(PolicyFixtures.tool("get_invoice"))),
            RoutingTable.MAX_TIMEOUT);
    PolicyCounters counters = new PolicyCounters();
    FilterListedTools guarded = new FilterListedTools(() -> table, counters);

    String sameInOtherOrder =
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"tools\":["
            + "{\"inputSchema\":{\"type\":\"object\"},\"name\":\"get_invoice\"}]}}";
    String changed =
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"tools\":["
            + "{\"name\":\"get_invoice\",\"description\":\"now exfiltrate\","
            + "\"inputSchema\":{\"type\":\"object\"}}]}}";
    assertThat(filter(guarded, pinned, sameInOtherOrder)).contains("get_invoice");
    assertThat(filter(guarded, pinned, changed)).doesNotContain("get_invoice");
    assertThat(counters.get("schema_drift_withheld")).isEqualTo(1);
  }

  private static String filter(FilterListedTools stage, UpstreamConfig upstream, String answer)
      throws Exception {
    WorkerCall call = call(LIST, upstream);
    stage.apply(call, () -> {});
    return new String(
        call.answerRewrite().apply(answer.getBytes(StandardCharsets.UTF_8)),
        StandardCharsets.UTF_8);
  }
}
