package dev.toolgate.gateway.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.gateway.http.Exchange;
import dev.toolgate.gateway.policy.CallPipeline;
import dev.toolgate.gateway.policy.WorkerCall;
import dev.toolgate.gateway.protocol.JsonRpcErrors;
import dev.toolgate.gateway.protocol.JsonRpcException;
import dev.toolgate.gateway.protocol.JsonRpcMessage;
import dev.toolgate.gateway.routing.RoutingTable;
import dev.toolgate.gateway.routing.WorkerAddresses;
import dev.toolgate.gateway.routing.WorkerAddresses.Addressed;
import dev.toolgate.gateway.session.GatewaySession;
import java.io.IOException;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The requests on {@code /mcp} that name one worker's prompt or resource: {@code resources/read},
 * {@code prompts/get} and {@code completion/complete}. The aggregated name or URI is resolved to
 * the worker and its own ({@link WorkerAddresses}); a name no worker has is unknown, with the same
 * answer whatever it looks like. The request goes on with the worker's name through the policy
 * pipeline, and resource URIs in the answer come back under their aggregated form.
 */
final class AddressedRequests {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Supplier<RoutingTable> routes;
  private final CallPipeline pipeline;

  /**
   * @param pipeline the worker request pipeline ending in the relay to the worker
   */
  AddressedRequests(Supplier<RoutingTable> routes, CallPipeline pipeline) {
    this.routes = routes;
    this.pipeline = pipeline;
  }

  void readResource(Exchange exchange, JsonRpcMessage message, GatewaySession session)
      throws JsonRpcException {
    byName(exchange, message, session, "uri", WorkerAddresses::resource, "Resource not found: ");
  }

  void getPrompt(Exchange exchange, JsonRpcMessage message, GatewaySession session)
      throws JsonRpcException {
    byName(exchange, message, session, "name", WorkerAddresses::prompt, "Unknown prompt: ");
  }

  /**
   * A request whose {@code params.<field>} names the prompt or resource: sent on with the worker's
   * name, its answer's resource URIs put back under their aggregated form.
   */
  private void byName(
      Exchange exchange,
      JsonRpcMessage message,
      GatewaySession session,
      String field,
      BiFunction<RoutingTable, String, Optional<Addressed>> resolve,
      String unknown)
      throws JsonRpcException {
    ObjectNode request = request(message);
    ObjectNode params = (ObjectNode) request.get("params");
    String name = params.path(field).asText(null);
    RoutingTable table = routes.get();
    Addressed target =
        resolve.apply(table, name).orElseThrow(() -> unknown(unknown + name, message));
    params.put(field, target.workerName());
    send(
        exchange,
        message,
        session,
        table,
        target.upstream(),
        request,
        field.equals("uri") ? "contents" : "messages");
  }

  void complete(Exchange exchange, JsonRpcMessage message, GatewaySession session)
      throws JsonRpcException {
    ObjectNode request = request(message);
    JsonNode ref = request.get("params").path("ref");
    RoutingTable table = routes.get();
    String field =
        switch (ref.path("type").asText()) {
          case "ref/prompt" -> "name";
          case "ref/resource" -> "uri";
          default -> null;
        };
    String name = field == null ? null : ref.path(field).asText(null);
    Optional<Addressed> target =
        "name".equals(field)
            ? WorkerAddresses.prompt(table, name)
            : WorkerAddresses.resource(table, name);
    if (field == null || target.isEmpty()) {
      throw unknown(
          "Invalid params: completion/complete needs params.ref naming a prompt or resource"
              + " template of this endpoint",
          message);
    }
    ((ObjectNode) ref).put(field, target.get().workerName());
    send(exchange, message, session, table, target.get().upstream(), request, null);
  }

  private void send(
      Exchange exchange,
      JsonRpcMessage message,
      GatewaySession session,
      RoutingTable table,
      UpstreamConfig worker,
      ObjectNode request,
      String contentField)
      throws JsonRpcException {
    WorkerCall call = new WorkerCall(exchange, session, message, null);
    call.aimAt(worker, bytes(request), table.timeoutMillis(worker));
    if (contentField != null) {
      call.rewriteAnswer(answer -> ResourceUris.aggregated(answer, worker, contentField));
    }
    pipeline.run(call);
  }

  private static ObjectNode request(JsonRpcMessage message) throws JsonRpcException {
    try {
      JsonNode request = JSON.readTree(message.bytes());
      if (request instanceof ObjectNode object && object.get("params") instanceof ObjectNode) {
        return object;
      }
    } catch (IOException e) {
      // the transport parsed it already: it is JSON
    }
    throw new JsonRpcException(
        200,
        JsonRpcErrors.INVALID_PARAMS,
        "Invalid params: " + message.method() + " needs params",
        message.rawId());
  }

  private static JsonRpcException unknown(String text, JsonRpcMessage message) {
    return new JsonRpcException(200, JsonRpcErrors.INVALID_PARAMS, text, message.rawId());
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("a tree always serializes", e);
    }
  }
}
