package dev.toolgate.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonRpcParserTest {

  private static JsonRpcMessage parse(String json) throws JsonRpcException {
    return JsonRpcParser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsTheEnvelopeOfAToolCall() throws Exception {
    JsonRpcMessage m =
        parse(
            "{\"params\":{\"arguments\":{\"name\":\"inner\"},\"name\":\"alpha.echo\"},"
                + "\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"id\":\"a\\\"b\"}");
    assertThat(m.kind()).isEqualTo(JsonRpcMessage.Kind.REQUEST);
    assertThat(m.method()).isEqualTo("tools/call");
    assertThat(m.rawId()).isEqualTo("\"a\\\"b\"");
    assertThat(m.paramsName()).isEqualTo("alpha.echo");
  }

  @Test
  void replacesTheToolNameAndNothingElse() throws Exception {
    String original =
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"alpha.echo\",\"arguments\":{\"text\":\"ü \\\"q\\\"\"}}}";
    byte[] rewritten = parse(original).withParamsName("echo");
    assertThat(new String(rewritten, StandardCharsets.UTF_8))
        .isEqualTo(original.replace("\"alpha.echo\"", "\"echo\""));
  }

  @Test
  void replacesTheId() throws Exception {
    String original = "{\"jsonrpc\":\"2.0\",\"id\":\"tg-1\",\"result\":{}}";
    JsonRpcMessage m = parse(original);
    assertThat(m.kind()).isEqualTo(JsonRpcMessage.Kind.RESPONSE);
    assertThat(new String(m.withRawId("42"), StandardCharsets.UTF_8))
        .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":42,\"result\":{}}");
  }

  @Test
  void aMessageWithoutIdIsANotification() throws Exception {
    JsonRpcMessage m = parse("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    assertThat(m.kind()).isEqualTo(JsonRpcMessage.Kind.NOTIFICATION);
    assertThat(m.rawId()).isNull();
  }

  @Test
  void rejectsTextThatIsNotJson() {
    assertThatThrownBy(() -> parse("{\"jsonrpc\":"))
        .isInstanceOfSatisfying(
            JsonRpcException.class,
            e -> {
              assertThat(e.code()).isEqualTo(JsonRpcErrors.PARSE_ERROR);
              assertThat(e.httpStatus()).isEqualTo(400);
            });
  }

  @Test
  void rejectsTrailingContent() {
    assertThatThrownBy(() -> parse("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":1} {}"))
        .isInstanceOfSatisfying(
            JsonRpcException.class, e -> assertThat(e.code()).isEqualTo(JsonRpcErrors.PARSE_ERROR));
  }

  @Test
  void rejectsBatchesAndNonObjects() {
    for (String text : new String[] {"[]", "\"ping\"", "42"}) {
      assertThatThrownBy(() -> parse(text))
          .isInstanceOfSatisfying(
              JsonRpcException.class,
              e -> assertThat(e.code()).isEqualTo(JsonRpcErrors.INVALID_REQUEST));
    }
  }

  @Test
  void rejectsAMissingVersionANullRequestIdAndAnObjectId() {
    for (String text :
        new String[] {
          "{\"id\":1,\"method\":\"ping\"}",
          "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}",
          "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}",
          "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}",
          "{\"jsonrpc\":\"2.0\",\"id\":1}",
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":3}"
        }) {
      assertThatThrownBy(() -> parse(text))
          .as(text)
          .isInstanceOfSatisfying(
              JsonRpcException.class,
              e -> assertThat(e.code()).isEqualTo(JsonRpcErrors.INVALID_REQUEST));
    }
  }

  @Test
  void keepsTheIdOfAnInvalidRequestForTheErrorResponse() {
    assertThatThrownBy(() -> parse("{\"jsonrpc\":\"2.0\",\"id\":5,\"params\":3,\"method\":\"x\"}"))
        .isInstanceOfSatisfying(JsonRpcException.class, e -> assertThat(e.rawId()).isEqualTo("5"));
  }
}
