package dev.toolgate.gateway.protocol;

/**
 * A request the gateway refuses before it reaches any worker: carries the HTTP status and the
 * JSON-RPC error code the client gets.
 */
public final class JsonRpcException extends Exception {

  private final int httpStatus;
  private final int code;
  private final String rawId;
  private final String[] headers;

  public JsonRpcException(int httpStatus, int code, String message) {
    this(httpStatus, code, message, null);
  }

  public JsonRpcException(int httpStatus, int code, String message, String rawId) {
    this(httpStatus, code, message, rawId, new String[0]);
  }

  private JsonRpcException(
      int httpStatus, int code, String message, String rawId, String[] headers) {
    super(message, null, false, false);
    this.httpStatus = httpStatus;
    this.code = code;
    this.rawId = rawId;
    this.headers = headers;
  }

  /** The same refusal with an HTTP header on the answer (a {@code WWW-Authenticate} challenge). */
  public JsonRpcException withHeader(String name, String value) {
    String[] more = java.util.Arrays.copyOf(headers, headers.length + 2);
    more[headers.length] = name;
    more[headers.length + 1] = value;
    return new JsonRpcException(httpStatus, code, getMessage(), rawId, more);
  }

  /** Header names and values, alternating. */
  public java.util.List<String> headers() {
    return java.util.List.of(headers);
  }

  public int httpStatus() {
    return httpStatus;
  }

  public int code() {
    return code;
  }

  /** The id of the offending request when it could be read, else {@code null}. */
  public String rawId() {
    return rawId;
  }
}
