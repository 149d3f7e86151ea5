package dev.toolgate.gateway.protocol;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;

/**
 * JSON-RPC error codes the gateway answers with, and the bytes of an error response. Codes from
 * -32000 to -32099 are the implementation-defined server errors of JSON-RPC 2.0.
 */
public final class JsonRpcErrors {

  public static final int PARSE_ERROR = -32700;
  public static final int INVALID_REQUEST = -32600;
  public static final int METHOD_NOT_FOUND = -32601;
  public static final int INVALID_PARAMS = -32602;
  public static final int INTERNAL_ERROR = -32603;

  /** The session id is unknown, expired or was deleted: the client must initialize again. */
  public static final int SESSION_NOT_FOUND = -32001;

  /** The worker could not be reached (connection refused, reset, DNS). */
  public static final int UPSTREAM_UNAVAILABLE = -32002;

  /** The worker did not answer within the tool's timeout. */
  public static final int UPSTREAM_TIMEOUT = -32003;

  /** The worker answered with something that is not MCP (bad status, content type or JSON). */
  public static final int UPSTREAM_BAD_RESPONSE = -32004;

  /** The request's Host or Origin is not one this gateway serves (DNS rebinding protection). */
  public static final int FORBIDDEN = -32005;

  /** No valid access token (HTTP 401; the {@code WWW-Authenticate} header says how to get one). */
  public static final int UNAUTHORIZED = -32006;

  /** The token lacks a scope this request needs (HTTP 403, {@code insufficient_scope}). */
  public static final int INSUFFICIENT_SCOPE = -32007;

  private JsonRpcErrors() {}

  /**
   * A complete error response.
   *
   * @param rawId the request id exactly as the client wrote it (JSON text), or {@code null} when
   *     the id could not be read
   */
  public static byte[] response(String rawId, int code, String message) {
    return ("{\"jsonrpc\":\"2.0\",\"id\":"
            + (rawId == null ? "null" : rawId)
            + ",\"error\":{\"code\":"
            + code
            + ",\"message\":\""
            + new String(JsonStringEncoder.getInstance().quoteAsString(message))
            + "\"}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** A result response whose result is already JSON text. */
  public static byte[] result(String rawId, String resultJson) {
    return ("{\"jsonrpc\":\"2.0\",\"id\":" + rawId + ",\"result\":" + resultJson + "}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
