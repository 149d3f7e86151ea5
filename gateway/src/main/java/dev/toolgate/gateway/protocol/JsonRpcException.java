package dev.toolgate.gateway.protocol;

/**
 * A request the gateway refuses before it reaches any worker: carries the HTTP status and the
 * JSON-RPC error code the client gets.
 */
public final class JsonRpcException extends Exception {

  private final int httpStatus;
  private final int code;
  private final String rawId;

  public JsonRpcException(int httpStatus, int code, String message) {
    this(httpStatus, code, message, null);
  }

  public JsonRpcException(int httpStatus, int code, String message, String rawId) {
    super(message, null, false, false);
    this.httpStatus = httpStatus;
    this.code = code;
    this.rawId = rawId;
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
