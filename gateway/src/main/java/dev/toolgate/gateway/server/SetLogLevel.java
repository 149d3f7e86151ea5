package dev.toolgate.gateway.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.gateway.http.Exchange;
import dev.toolgate.gateway.policy.Access;
import dev.toolgate.gateway.policy.CallPipeline;
import dev.toolgate.gateway.policy.WorkerCall;
import dev.toolgate.gateway.protocol.JsonRpcErrors;
import dev.toolgate.gateway.protocol.JsonRpcException;
import dev.toolgate.gateway.protocol.JsonRpcMessage;
import dev.toolgate.gateway.routing.RoutingTable;
import dev.toolgate.gateway.session.GatewaySession;
import dev.toolgate.gateway.upstream.UpstreamHandshake;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code logging/setLevel} on {@code /mcp}: the level goes to every worker the caller may use
 * ({@link Access#mayUseWorker}), each through the policy pipeline; a worker without logging, or one
 * that fails, is left as it was and the others still get it. Answered once all have been asked.
 */
final class SetLogLevel {

  private static final Logger LOG = LoggerFactory.getLogger(SetLogLevel.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Supplier<RoutingTable> routes;
  private final CallPipeline pipeline;
  private final UpstreamHandshake handshake;

  /**
   * @param pipeline the worker request pipeline ending in {@link CollectAnswer}
   */
  SetLogLevel(Supplier<RoutingTable> routes, CallPipeline pipeline, UpstreamHandshake handshake) {
    this.routes = routes;
    this.pipeline = pipeline;
    this.handshake = handshake;
  }

  void handle(Exchange exchange, JsonRpcMessage message, GatewaySession session)
      throws JsonRpcException {
    String level = AggregatedLists.params(message).path("level").asText(null);
    if (level == null) {
      throw new JsonRpcException(
          200,
          JsonRpcErrors.INVALID_PARAMS,
          "Invalid params: logging/setLevel needs params.level",
          message.rawId());
    }
    Thread.startVirtualThread(
        () -> Blocking.answering(exchange, () -> setLevel(exchange, message, session, level)));
  }

  private void setLevel(
      Exchange exchange, JsonRpcMessage message, GatewaySession session, String level) {
    RoutingTable table = routes.get();
    List<UpstreamConfig> workers = Access.usableWorkers(exchange.principal(), table);
    // Answered through the response stream, which restores the connection's idle timeout.
    exchange.allowSilence(Silence.whileAsking(workers, table));
    for (UpstreamConfig worker : workers) {
      ObjectNode request = JSON.createObjectNode();
      request.put("jsonrpc", "2.0").put("id", handshake.nextId()).put("method", message.method());
      request.putObject("params").put("level", level);
      WorkerCall call = new WorkerCall(exchange, session, message, null);
      call.aimAt(
          worker, request.toString().getBytes(StandardCharsets.UTF_8), table.timeoutMillis(worker));
      try {
        pipeline.run(call);
      } catch (JsonRpcException refused) {
        LOG.debug("logging/setLevel of {} refused: {}", worker.id(), refused.getMessage());
        continue;
      }
      if (call.collectedAnswer() == null) {
        return; // a policy stage answered the client itself
      }
    }
    exchange.out().finishJson(200, JsonRpcErrors.result(message.rawId(), "{}"));
  }
}
