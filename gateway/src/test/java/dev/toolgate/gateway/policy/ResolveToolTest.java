package dev.toolgate.gateway.policy;

import static dev.toolgate.gateway.policy.PolicyFixtures.BILLING;
import static dev.toolgate.gateway.policy.PolicyFixtures.TABLE;
import static dev.toolgate.gateway.policy.PolicyFixtures.call;
import static dev.toolgate.gateway.policy.PolicyFixtures.toolCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.toolgate.api.config.GatewayConfig;
import dev.toolgate.api.config.ToolSchema;
import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.gateway.protocol.JsonRpcException;
import dev.toolgate.gateway.routing.RoutingTable;
import dev.toolgate.gateway.routing.ToolDefinition;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ResolveToolTest {

  private final ResolveTool stage = new ResolveTool(() -> TABLE, new PolicyCounters());

  @Test
  void anExposedNameRoutesToItsWorkerUnderTheWorkersName() throws Exception {
    WorkerCall call = call(toolCall("billing.get_invoice"), null);
    AtomicBoolean proceeded = new AtomicBoolean();
    stage.apply(call, () -> proceeded.set(true));
    assertThat(proceeded).isTrue();
    assertThat(call.route().upstream().id()).isEqualTo("tools/billing");
    assertThat(new String(call.upstreamBody(), StandardCharsets.UTF_8))
        .contains("\"name\":\"get_invoice\"")
        .doesNotContain("billing.get_invoice");
  }

  @Test
  void aPassthroughCallOfAnExposedToolKeepsItsBytes() throws Exception {
    WorkerCall call = call(toolCall("get_invoice"), BILLING);
    stage.apply(call, () -> {});
    assertThat(call.route().exposedName()).isEqualTo("billing.get_invoice");
    assertThat(call.upstreamBody()).isEqualTo(call.message().bytes());
  }

  @Test
  void aToolTheMcpToolDoesNotExposeIsUnknownOnThePassthroughToo() throws Exception {
    WorkerCall call = call(toolCall("send_refund"), BILLING);
    assertThatThrownBy(() -> stage.apply(call, () -> {}))
        .isInstanceOfSatisfying(
            JsonRpcException.class,
            e -> {
              assertThat(e.code()).isEqualTo(-32602);
              assertThat(e.httpStatus()).isEqualTo(200);
              assertThat(e.rawId()).isEqualTo("7");
              assertThat(e.getMessage()).isEqualTo("Unknown tool: send_refund");
            });
  }

  @Test
  void anUnexposedToolIsUnknownOnTheAggregatedEndpointUnderAnyName() throws Exception {
    for (String name : new String[] {"billing.send_refund", "send_refund", "get_invoice"}) {
      WorkerCall call = call(toolCall(name), null);
      assertThatThrownBy(() -> stage.apply(call, () -> {})).hasMessage("Unknown tool: " + name);
    }
  }

  @Test
  void aCallWithoutANameIsInvalidParams() throws Exception {
    WorkerCall call =
        call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{}}", null);
    assertThatThrownBy(() -> stage.apply(call, () -> {}))
        .isInstanceOfSatisfying(
            JsonRpcException.class, e -> assertThat(e.code()).isEqualTo(-32602));
  }

  @Test
  void aPinnedToolThatDriftedIsRefusedNamingBothHashesOnEveryEndpoint() throws Exception {
    UpstreamConfig pinned =
        BILLING.withSchemas(List.of(new ToolSchema("get_invoice", APPROVED, null)));
    RoutingTable table =
        RoutingTable.build(
            new GatewayConfig(GatewayConfig.CURRENT_VERSION, null, List.of(pinned), List.of()),
            Map.of("tools/billing", List.of(PolicyFixtures.tool("get_invoice"))),
            RoutingTable.MAX_TIMEOUT);
    String listed = ToolDefinition.schemaHash(PolicyFixtures.tool("get_invoice"));
    PolicyCounters counters = new PolicyCounters();
    ResolveTool guarded = new ResolveTool(() -> table, counters);

    for (WorkerCall call :
        List.of(
            call(toolCall("billing.get_invoice"), null), call(toolCall("get_invoice"), pinned))) {
      assertThatThrownBy(() -> guarded.apply(call, () -> {}))
          .isInstanceOfSatisfying(
              JsonRpcException.class,
              e -> {
                assertThat(e.code()).isEqualTo(-32602);
                assertThat(e.getMessage()).contains("withheld", APPROVED, listed);
              });
    }
    assertThat(counters.get("schema_drift_refused")).isEqualTo(2);
  }

  private static final String APPROVED = "sha256:" + "a".repeat(64);
}
