package dev.toolgate.gateway.server;

import dev.toolgate.gateway.http.Exchange;
import dev.toolgate.gateway.protocol.JsonRpcException;
import dev.toolgate.gateway.protocol.JsonRpcMessage;
import dev.toolgate.gateway.session.GatewaySession;

/** Answers one JSON-RPC method of the aggregated endpoint, in an open session. */
@FunctionalInterface
interface MethodHandler {
  void handle(Exchange exchange, JsonRpcMessage message, GatewaySession session)
      throws JsonRpcException;
}
