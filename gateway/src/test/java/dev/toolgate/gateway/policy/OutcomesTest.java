package dev.toolgate.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.gateway.calls.CallOutcome;
import dev.toolgate.gateway.protocol.JsonRpcErrors;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutcomesTest {

  private static Outcomes.Answer read(String text) {
    return Outcomes.read(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aResultIsOkUnlessItSaysIsError() {
    assertThat(read("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[{\"isError\":true}]}}"))
        .isEqualTo(new Outcomes.Answer(null, false));
    assertThat(read("{\"id\":1,\"result\":{\"content\":[],\"isError\":true},\"jsonrpc\":\"2.0\"}"))
        .isEqualTo(new Outcomes.Answer(null, true));
  }

  @Test
  void anErrorGivesItsCode() {
    assertThat(read("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"message\":\"x\",\"code\":-32010}}"))
        .isEqualTo(new Outcomes.Answer(PolicyErrors.RATE_LIMITED, false));
  }

  @Test
  void theFinalEventOfAStreamIsRead() {
    assertThat(
            read(
                "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32003,"
                    + "\"message\":\"late\"}}\n\n"))
        .isEqualTo(new Outcomes.Answer(JsonRpcErrors.UPSTREAM_TIMEOUT, false));
  }

  @Test
  void nothingOrGarbageIsNoAnswer() {
    assertThat(Outcomes.read(null)).isNull();
    assertThat(read("")).isNull();
    assertThat(read(": keep-alive\n\n")).isNull();
    assertThat(read("{\"jsonrpc\":")).isNull();
  }

  @Test
  void gatewayErrorsMapToOutcomes() {
    assertThat(Outcomes.ofGatewayError(PolicyErrors.RATE_LIMITED))
        .isEqualTo(CallOutcome.RATE_LIMITED);
    assertThat(Outcomes.ofGatewayError(PolicyErrors.BUDGET_EXHAUSTED))
        .isEqualTo(CallOutcome.OVER_BUDGET);
    assertThat(Outcomes.ofGatewayError(PolicyErrors.LOOP_DETECTED)).isEqualTo(CallOutcome.LOOP);
    assertThat(Outcomes.ofGatewayError(JsonRpcErrors.INSUFFICIENT_SCOPE))
        .isEqualTo(CallOutcome.DENIED);
    assertThat(Outcomes.ofGatewayError(JsonRpcErrors.UNAUTHORIZED)).isEqualTo(CallOutcome.DENIED);
    assertThat(Outcomes.ofGatewayError(JsonRpcErrors.UPSTREAM_TIMEOUT))
        .isEqualTo(CallOutcome.TIMEOUT);
    assertThat(Outcomes.ofGatewayError(JsonRpcErrors.UPSTREAM_UNAVAILABLE))
        .isEqualTo(CallOutcome.UPSTREAM_ERROR);
    assertThat(Outcomes.ofGatewayError(JsonRpcErrors.INVALID_PARAMS))
        .isEqualTo(CallOutcome.INVALID);
    assertThat(Outcomes.ofGatewayError(PolicyErrors.POLICY_UNAVAILABLE))
        .isEqualTo(CallOutcome.UNAVAILABLE);
    assertThat(Outcomes.ofGatewayError(JsonRpcErrors.INTERNAL_ERROR))
        .isEqualTo(CallOutcome.INTERNAL_ERROR);
  }
}
