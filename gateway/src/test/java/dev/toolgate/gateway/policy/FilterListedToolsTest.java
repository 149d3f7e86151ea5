package dev.toolgate.gateway.policy;

import static dev.toolgate.gateway.policy.PolicyFixtures.BILLING;
import static dev.toolgate.gateway.policy.PolicyFixtures.TABLE;
import static dev.toolgate.gateway.policy.PolicyFixtures.call;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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
}
