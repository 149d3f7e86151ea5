package dev.toolgate.gateway.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toolgate.gateway.http.Exchange;
import dev.toolgate.gateway.policy.CallStage;
import dev.toolgate.gateway.policy.WorkerCall;
import dev.toolgate.gateway.protocol.JsonRpcException;
import dev.toolgate.gateway.protocol.JsonRpcMessage;
import dev.toolgate.gateway.routing.RoutingTable;
import dev.toolgate.gateway.session.GatewaySession;
import dev.toolgate.gateway.upstream.ForwardedHeaders;
import dev.toolgate.gateway.upstream.RelayLimits;
import dev.toolgate.gateway.upstream.RelayPlan;
import dev.toolgate.gateway.upstream.UpstreamHttp;
import dev.toolgate.gateway.upstream.UpstreamSession;
import java.io.IOException;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a client sends on {@code /mcp} besides requests: its answers to a worker's requests (back to
 * that worker under the worker's own id) and notifications (a cancellation follows the request it
 * names to the worker that serves it; the rest concern the gateway only).
 */
final class ClientMessages implements CallStage {

  private static final Logger LOG = LoggerFactory.getLogger(ClientMessages.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final UpstreamHttp http;
  private final RelayLimits limits;

  ClientMessages(UpstreamHttp http, RelayLimits limits) {
    this.http = http;
    this.limits = limits;
  }

  @Override
  public void apply(WorkerCall call, CallChain chain) throws JsonRpcException {
    if (call.message().kind() == JsonRpcMessage.Kind.RESPONSE) {
      response(call.exchange(), call.message(), call.session());
    } else {
      notification(call.exchange(), call.message(), call.session());
    }
  }

  private void response(Exchange exchange, JsonRpcMessage message, GatewaySession session)
      throws JsonRpcException {
    GatewaySession.PendingServerRequest pending = session.takeServerRequest(message.rawId());
    if (pending == null) {
      // Accepted and dropped, as the transport spec has a server do with any response: an answer
      // to a request that timed out, was answered already, or was never made.
      LOG.debug("a response to no pending request of this session was dropped");
      exchange.empty(202);
      return;
    }
    UpstreamSession upstream = pending.upstream();
    RelayPlan plan =
        new RelayPlan(
            upstream.upstreamId(),
            null,
            RoutingTable.DEFAULT_TIMEOUT.toMillis(),
            RelayPlan.UNCHANGED,
            UnaryOperator.identity(),
            false,
            RelayPlan.NO_HEADERS,
            RelayPlan.REPORT_LOST);
    limits.relay(
        plan,
        exchange.out(),
        http.post(
            upstream.url(),
            message.withRawId(pending.originalRawId()),
            upstream.sessionId(),
            ForwardedHeaders.from(exchange.headers())
                .withProtocolVersion(upstream.protocolVersion()),
            RoutingTable.DEFAULT_TIMEOUT));
  }

  private void notification(Exchange exchange, JsonRpcMessage message, GatewaySession session) {
    if (message.is("notifications/cancelled")) {
      forwardCancellation(session, message, ForwardedHeaders.from(exchange.headers()));
    }
    exchange.empty(202);
  }

  private void forwardCancellation(
      GatewaySession session, JsonRpcMessage message, ForwardedHeaders headers) {
    try {
      JsonNode requestId = JSON.readTree(message.bytes()).path("params").path("requestId");
      UpstreamSession upstream =
          requestId.isMissingNode() ? null : session.upstreamOfRequest(requestId.toString());
      if (upstream != null) {
        http.post(
                upstream.url(),
                message.bytes(),
                upstream.sessionId(),
                headers.withProtocolVersion(upstream.protocolVersion()),
                Duration.ofSeconds(5))
            .send(result -> {});
      }
    } catch (IOException e) {
      LOG.debug("unreadable cancellation ignored");
    }
  }
}
