package dev.toolgate.gateway.policy;

import static dev.toolgate.gateway.policy.PolicyFixtures.BILLING;
import static dev.toolgate.gateway.policy.PolicyFixtures.TABLE;
import static dev.toolgate.gateway.policy.PolicyFixtures.call;
import static dev.toolgate.gateway.policy.PolicyFixtures.toolCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.toolgate.gateway.protocol.JsonRpcException;
import java.nio.charset.StandardCharsets;
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
}
