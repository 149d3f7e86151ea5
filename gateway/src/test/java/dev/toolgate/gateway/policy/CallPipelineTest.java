package dev.toolgate.gateway.policy;

import static dev.toolgate.gateway.policy.PolicyFixtures.call;
import static dev.toolgate.gateway.policy.PolicyFixtures.toolCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.toolgate.gateway.protocol.JsonRpcErrors;
import dev.toolgate.gateway.protocol.JsonRpcException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallPipelineTest {

  @Test
  void stagesRunInOrderAndTheLastOneEndsTheCall() throws Exception {
    List<String> ran = new ArrayList<>();
    CallPipeline pipeline =
        new CallPipeline(
            List.of(
                (call, chain) -> {
                  ran.add("first");
                  chain.proceed();
                },
                (call, chain) -> {
                  ran.add("second");
                  chain.proceed();
                },
                (call, chain) -> ran.add("forward")));
    pipeline.run(call(toolCall("x"), null));
    assertThat(ran).containsExactly("first", "second", "forward");
  }

  @Test
  void aRefusingStageStopsTheCallBeforeItReachesTheWorker() throws Exception {
    List<String> ran = new ArrayList<>();
    CallPipeline pipeline =
        new CallPipeline(
            List.of(
                (call, chain) -> {
                  throw new JsonRpcException(
                      200, JsonRpcErrors.INVALID_PARAMS, "refused", call.message().rawId());
                },
                (call, chain) -> ran.add("forward")));
    assertThatThrownBy(() -> pipeline.run(call(toolCall("x"), null))).hasMessage("refused");
    assertThat(ran).isEmpty();
  }

  @Test
  void aLastStageThatProceedsIsAProgrammingError() {
    CallPipeline pipeline = new CallPipeline(List.of((call, chain) -> chain.proceed()));
    assertThatThrownBy(() -> pipeline.run(call(toolCall("x"), null)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void toolCallsAreResolvedThenAuthorizedThenGetAnIdentityBeforeForwarding() {
    CallStage forward = (call, chain) -> {};
    assertThat(
            Pipelines.toolCalls(() -> PolicyFixtures.TABLE, PolicyFixtures.SECURITY, forward)
                .stages())
        .hasSize(4)
        .satisfies(
            stages -> {
              assertThat(stages.get(0)).isInstanceOf(ResolveTool.class);
              assertThat(stages.get(1)).isInstanceOf(AuthorizeToolCall.class);
              assertThat(stages.get(2)).isInstanceOf(MintIdentity.class);
              assertThat(stages.get(3)).isSameAs(forward);
            });
  }

  @Test
  void sessionMessagesAreAuthorizedBeforeAnythingElse() {
    CallStage forward = (call, chain) -> {};
    assertThat(
            Pipelines.sessionMessages(() -> PolicyFixtures.TABLE, PolicyFixtures.SECURITY, forward)
                .stages())
        .first()
        .isInstanceOf(AuthorizePassthrough.class);
  }
}
