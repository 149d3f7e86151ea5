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
  void toolCallsAreResolvedAuthorizedPolicedAndGetAnIdentityBeforeForwarding() {
    CallStage forward = (call, chain) -> {};
    List<CallStage> stages =
        Pipelines.toolCalls(
                () -> PolicyFixtures.TABLE,
                PolicyFixtures.SECURITY,
                PolicyFixtures.services().services,
                forward)
            .stages();
    assertThat(stages.subList(0, stages.size() - 1))
        .extracting(stage -> stage.getClass().getSimpleName())
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
            "ObserveAnswer");
    assertThat(stages).last().isSameAs(forward);
  }

  @Test
  void sessionMessagesAreAuthorizedBeforeAnythingElseThenFilteredAndRedacted() {
    CallStage forward = (call, chain) -> {};
    List<CallStage> stages =
        Pipelines.sessionMessages(
                () -> PolicyFixtures.TABLE,
                PolicyFixtures.SECURITY,
                PolicyFixtures.services().services,
                forward)
            .stages();
    assertThat(stages.subList(0, stages.size() - 1))
        .extracting(stage -> stage.getClass().getSimpleName())
        .containsExactly(
            "AuthorizePassthrough",
            "FilterListedTools",
            "AdvertiseCost",
            "RedactAnswers",
            "MintIdentity");
    assertThat(stages).last().isSameAs(forward);
  }
}
