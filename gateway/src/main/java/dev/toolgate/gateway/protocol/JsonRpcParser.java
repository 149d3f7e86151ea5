package dev.toolgate.gateway.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the envelope of one JSON-RPC message with a streaming parser: jsonrpc, id, method,
 * result/error presence and {@code params.name}; everything else is skipped, never bound. One pass,
 * no tree, so checking a request costs little more than scanning its bytes.
 */
public final class JsonRpcParser {

  // Duplicate keys are refused at every level: a gateway and a worker that disagree on which of
  // two "method", "name" or argument values counts is how policy is smuggled past.
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private JsonRpcParser() {}

  /**
   * Parses one message.
   *
   * @throws JsonRpcException 400 with {@code -32700} for text that is not JSON, {@code -32600} for
   *     JSON that is not a single JSON-RPC 2.0 message (batches included: MCP 2025-06-18 removed
   *     them)
   */
  public static JsonRpcMessage parse(byte[] bytes) throws JsonRpcException {
    requireUtf8(bytes);
    String version = null;
    String method = null;
    String rawId = null;
    int idStart = -1;
    int idEnd = -1;
    String name = null;
    int nameStart = -1;
    int nameEnd = -1;
    boolean hasId = false;
    boolean hasResultOrError = false;
    try (JsonParser parser = JSON.createParser(bytes)) {
      JsonToken first = parser.nextToken();
      if (first == JsonToken.START_ARRAY) {
        // A batch is split before this parser sees its members (transport.Batches).
        throw invalid("JSON-RPC batches are not supported; send one message per request", null);
      }
      if (first != JsonToken.START_OBJECT) {
        throw invalid("a JSON-RPC message must be a JSON object", null);
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "jsonrpc" -> version = value == JsonToken.VALUE_STRING ? parser.getText() : null;
          case "method" -> {
            if (value != JsonToken.VALUE_STRING) {
              throw invalid("method must be a string", rawId);
            }
            method = parser.getText();
          }
          case "id" -> {
            hasId = true;
            idStart = (int) parser.currentTokenLocation().getByteOffset();
            if (value == JsonToken.VALUE_STRING) {
              parser.getText();
              idEnd = endOfString(bytes, idStart);
            } else if (value == JsonToken.VALUE_NUMBER_INT) {
              idEnd = idStart + parser.getText().length();
            } else if (value == JsonToken.VALUE_NULL) {
              idEnd = idStart + 4;
            } else {
              throw invalid("id must be a string or an integer", null);
            }
            rawId = new String(bytes, idStart, idEnd - idStart, StandardCharsets.UTF_8);
          }
          case "params" -> {
            if (value == JsonToken.START_OBJECT) {
              while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String paramField = parser.currentName();
                JsonToken paramValue = parser.nextToken();
                if ("name".equals(paramField) && paramValue == JsonToken.VALUE_STRING) {
                  nameStart = (int) parser.currentTokenLocation().getByteOffset();
                  name = parser.getText();
                  nameEnd = endOfString(bytes, nameStart);
                } else {
                  parser.skipChildren();
                }
              }
            } else if (value == JsonToken.START_ARRAY) {
              parser.skipChildren();
            } else {
              throw invalid("params must be an object", rawId);
            }
          }
          case "result", "error" -> {
            hasResultOrError = true;
            parser.skipChildren();
          }
          default -> parser.skipChildren();
        }
      }
      if (parser.nextToken() != null) {
        throw new JsonRpcException(
            400, JsonRpcErrors.PARSE_ERROR, "Parse error: content after the JSON-RPC message");
      }
    } catch (JsonRpcException e) {
      throw e;
    } catch (IOException e) {
      String detail = firstLine(e.getMessage());
      if (detail.startsWith("Duplicate field")) {
        throw invalid("duplicate key " + detail.substring("Duplicate field ".length()), null);
      }
      throw new JsonRpcException(400, JsonRpcErrors.PARSE_ERROR, "Parse error: " + detail);
    }
    if (!"2.0".equals(version)) {
      throw invalid("jsonrpc must be \"2.0\"", rawId);
    }
    JsonRpcMessage.Kind kind;
    if (method != null) {
      kind = hasId ? JsonRpcMessage.Kind.REQUEST : JsonRpcMessage.Kind.NOTIFICATION;
      if (hasId && "null".equals(rawId)) {
        throw invalid("a request id must not be null", null);
      }
    } else if (hasResultOrError && hasId) {
      kind = JsonRpcMessage.Kind.RESPONSE;
    } else {
      throw invalid("a JSON-RPC message needs a method, or an id with a result or error", rawId);
    }
    return new JsonRpcMessage(bytes, kind, method, rawId, idStart, idEnd, name, nameStart, nameEnd);
  }

  /**
   * MCP messages are UTF-8 (JSON-RPC over HTTP). JSON text starts with an ASCII character, so
   * UTF-16 or UTF-32 text has a zero byte among its first four; refusing it here keeps the byte
   * offsets the gateway splices at meaningful.
   */
  public static void requireUtf8(byte[] bytes) throws JsonRpcException {
    for (int i = 0; i < Math.min(4, bytes.length); i++) {
      if (bytes[i] == 0 || (bytes[i] & 0xFF) == 0xFE || (bytes[i] & 0xFF) == 0xFF) {
        throw new JsonRpcException(
            400, JsonRpcErrors.PARSE_ERROR, "Parse error: the body must be JSON in UTF-8");
      }
    }
  }

  private static JsonRpcException invalid(String message, String rawId) {
    return new JsonRpcException(
        400, JsonRpcErrors.INVALID_REQUEST, "Invalid Request: " + message, rawId);
  }

  /** The offset just past a JSON string token that starts at {@code start} (its opening quote). */
  private static int endOfString(byte[] bytes, int start) {
    int i = start + 1;
    while (i < bytes.length) {
      byte b = bytes[i];
      if (b == '\\') {
        i += 2;
      } else if (b == '"') {
        return i + 1;
      } else {
        i++;
      }
    }
    throw new IllegalStateException("the parser accepted an unterminated string");
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "malformed JSON";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
