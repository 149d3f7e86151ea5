package dev.toolgate.gateway.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.toolgate.gateway.calls.CallOutcome;
import dev.toolgate.gateway.protocol.JsonRpcErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads how a call ended from the answer its caller got: the JSON-RPC error code, or a result's
 * {@code isError}. An answer that holds neither {@code "error"} nor {@code "isError"} is a result
 * found by a byte scan (when it holds {@code "result"}); only the others are parsed, over the
 * top-level fields.
 */
final class Outcomes {

  private static final JsonFactory JSON = new JsonFactory();
  private static final byte[] RESULT_FIELD = "\"result\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ERROR = "\"error\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] IS_ERROR = "\"isError\"".getBytes(StandardCharsets.US_ASCII);

  /** A worker's answer or the gateway's own: the error code, and whether a result is an error. */
  record Answer(Integer errorCode, boolean toolError) {}

  private static final Answer RESULT = new Answer(null, false);

  private Outcomes() {}

  /** The outcome of a JSON-RPC error the gateway answered a call with. */
  static CallOutcome ofGatewayError(int code) {
    return switch (code) {
      case PolicyErrors.RATE_LIMITED -> CallOutcome.RATE_LIMITED;
      case PolicyErrors.BUDGET_EXHAUSTED -> CallOutcome.OVER_BUDGET;
      case PolicyErrors.LOOP_DETECTED -> CallOutcome.LOOP;
      case PolicyErrors.POLICY_UNAVAILABLE, PolicyErrors.REDACTION_UNAVAILABLE ->
          CallOutcome.UNAVAILABLE;
      case JsonRpcErrors.UNAUTHORIZED, JsonRpcErrors.INSUFFICIENT_SCOPE, JsonRpcErrors.FORBIDDEN ->
          CallOutcome.DENIED;
      case JsonRpcErrors.UPSTREAM_TIMEOUT -> CallOutcome.TIMEOUT;
      case JsonRpcErrors.UPSTREAM_UNAVAILABLE,
          JsonRpcErrors.UPSTREAM_BAD_RESPONSE,
          JsonRpcErrors.SESSION_NOT_FOUND ->
          CallOutcome.UPSTREAM_ERROR;
      case JsonRpcErrors.PARSE_ERROR,
          JsonRpcErrors.INVALID_REQUEST,
          JsonRpcErrors.METHOD_NOT_FOUND,
          JsonRpcErrors.INVALID_PARAMS ->
          CallOutcome.INVALID;
      default -> CallOutcome.INTERNAL_ERROR;
    };
  }

  /**
   * Reads a JSON-RPC response, or the final event of a stream ({@code data:} lines); {@code null}
   * when the bytes hold neither.
   */
  static Answer read(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      return null;
    }
    byte[] json = bytes;
    int start = 0;
    while (start < bytes.length && Character.isWhitespace(bytes[start])) {
      start++;
    }
    if (start < bytes.length && bytes[start] != '{') {
      json = eventData(new String(bytes, StandardCharsets.UTF_8));
      if (json == null) {
        return null;
      }
    }
    if (contains(json, RESULT_FIELD) && !contains(json, ERROR) && !contains(json, IS_ERROR)) {
      return RESULT;
    }
    try (JsonParser parser = JSON.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("error".equals(field) && value == JsonToken.START_OBJECT) {
          return new Answer(errorCode(parser), false);
        }
        if ("result".equals(field) && value == JsonToken.START_OBJECT) {
          return new Answer(null, isError(parser));
        }
        parser.skipChildren();
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  private static Integer errorCode(JsonParser parser) throws IOException {
    Integer code = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if ("code".equals(field) && value == JsonToken.VALUE_NUMBER_INT) {
        code = parser.getIntValue();
      } else {
        parser.skipChildren();
      }
    }
    return code == null ? JsonRpcErrors.INTERNAL_ERROR : code;
  }

  private static boolean isError(JsonParser parser) throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if ("isError".equals(field)) {
        return value == JsonToken.VALUE_TRUE;
      }
      parser.skipChildren();
    }
    return false;
  }

  private static boolean contains(byte[] bytes, byte[] part) {
    outer:
    for (int i = 0; i + part.length <= bytes.length; i++) {
      for (int j = 0; j < part.length; j++) {
        if (bytes[i + j] != part[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static byte[] eventData(String event) {
    StringBuilder data = new StringBuilder();
    for (String line : event.split("\r\n|\r|\n")) {
      if (line.startsWith("data:")) {
        data.append(line.substring(line.startsWith("data: ") ? 6 : 5)).append('\n');
      }
    }
    return data.isEmpty() ? null : data.toString().getBytes(StandardCharsets.UTF_8);
  }
}
