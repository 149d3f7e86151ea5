package dev.toolgate.gateway.server;

import dev.toolgate.gateway.http.Exchange;
import dev.toolgate.gateway.protocol.JsonRpcErrors;
import dev.toolgate.gateway.protocol.JsonRpcException;

/** The session header rules both endpoints share. */
final class Sessions {

  private Sessions() {}

  /** The session id a non-initialize request must carry. */
  static String requireId(Exchange exchange) throws JsonRpcException {
    String id = exchange.sessionId();
    if (id == null || id.isBlank()) {
      throw new JsonRpcException(
          400, JsonRpcErrors.INVALID_REQUEST, "Bad Request: Mcp-Session-Id header is required");
    }
    return id;
  }

  static JsonRpcException notFound() {
    return new JsonRpcException(
        404, JsonRpcErrors.SESSION_NOT_FOUND, "Session not found: initialize a new session");
  }
}
