package dev.toolgate.gateway.server;

import dev.toolgate.gateway.http.Exchange;
import dev.toolgate.gateway.protocol.JsonRpcErrors;
import dev.toolgate.gateway.protocol.JsonRpcException;
import dev.toolgate.gateway.session.SessionRegistry;

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

  /**
   * An {@code initialize} inside a live session is refused: a session is initialized once, and a
   * second handshake would replace what the session negotiated under the client's feet. A stale id
   * (the client re-initializing after a 404) is no session and does not count.
   */
  static void refuseSecondInitialize(Exchange exchange, SessionRegistry sessions)
      throws JsonRpcException {
    String id = exchange.sessionId();
    if (id != null && sessions.peek(id, owner(exchange)) != null) {
      throw new JsonRpcException(
          400,
          JsonRpcErrors.INVALID_REQUEST,
          "Invalid Request: this session is already initialized; send initialize without"
              + " Mcp-Session-Id to open a new one");
    }
  }

  /** Who owns the sessions this exchange may use: its caller ({@code null} when anonymous). */
  static String owner(Exchange exchange) {
    return exchange.principal().sessionOwner();
  }

  /**
   * What the per-client session cap counts this exchange against: the principal when authenticated,
   * else the client's address (behind a proxy every anonymous client shares one).
   */
  static String capKey(Exchange exchange) {
    String owner = owner(exchange);
    return owner == null ? exchange.clientAddress() : "principal " + owner;
  }

  static JsonRpcException notFound() {
    return new JsonRpcException(
        404, JsonRpcErrors.SESSION_NOT_FOUND, "Session not found: initialize a new session");
  }
}
