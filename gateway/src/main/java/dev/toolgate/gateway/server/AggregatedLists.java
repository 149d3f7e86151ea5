package dev.toolgate.gateway.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import dev.toolgate.gateway.routing.WorkerAddresses;
import dev.toolgate.gateway.session.GatewaySession;
import dev.toolgate.gateway.upstream.UpstreamHandshake;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code resources/list}, {@code resources/templates/list} and {@code prompts/list} on {@code
 * /mcp}: the workers the caller may use ({@link Access#mayUseWorker}) are asked in config order,
 * each request through the policy pipeline, and their items are renamed ({@link WorkerAddresses}).
 * A page holds whole workers until one says it has more; the gateway's cursor then names that
 * worker and its cursor ({@link ListCursors}). A worker that does not offer the list, or fails,
 * adds nothing: the others are still listed.
 */
final class AggregatedLists {

  private static final Logger LOG = LoggerFactory.getLogger(AggregatedLists.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One aggregated list: its method, the result's array, and how an item is renamed. */
  enum Kind {
    RESOURCES("resources/list", "resources", "uri", WorkerAddresses::resourceUri),
    RESOURCE_TEMPLATES(
        "resources/templates/list",
        "resourceTemplates",
        "uriTemplate",
        WorkerAddresses::resourceUri),
    PROMPTS("prompts/list", "prompts", "name", WorkerAddresses::promptName);

    final String method;
    final String items;
    final String renamedField;
    final BiFunction<UpstreamConfig, String, String> rename;

    Kind(
        String method,
        String items,
        String renamedField,
        BiFunction<UpstreamConfig, String, String> rename) {
      this.method = method;
      this.items = items;
      this.renamedField = renamedField;
      this.rename = rename;
    }
  }

  private final Supplier<RoutingTable> routes;
  private final CallPipeline pipeline;
  private final UpstreamHandshake handshake;
  private final ListCursors cursors = new ListCursors();

  /**
   * @param pipeline the worker request pipeline ending in {@link CollectAnswer}
   */
  AggregatedLists(
      Supplier<RoutingTable> routes, CallPipeline pipeline, UpstreamHandshake handshake) {
    this.routes = routes;
    this.pipeline = pipeline;
    this.handshake = handshake;
  }

  MethodHandler handler(Kind kind) {
    return (exchange, message, session) -> {
      ListCursors.Position start = start(kind, message, session);
      // Workers are asked one after the other with blocking requests.
      Thread.startVirtualThread(
          () -> Blocking.answering(exchange, () -> list(kind, exchange, message, session, start)));
    };
  }

  private ListCursors.Position start(Kind kind, JsonRpcMessage message, GatewaySession session)
      throws JsonRpcException {
    JsonNode cursor = params(message).path("cursor");
    if (cursor.isMissingNode() || cursor.isNull()) {
      return null;
    }
    if (!cursor.isTextual()) {
      throw ListCursors.invalid(kind.method, message.rawId());
    }
    return cursors.read(cursor.asText(), session, kind.method, message.rawId());
  }

  private void list(
      Kind kind,
      Exchange exchange,
      JsonRpcMessage message,
      GatewaySession session,
      ListCursors.Position start) {
    RoutingTable table = routes.get();
    List<UpstreamConfig> workers = Access.usableWorkers(exchange.principal(), table);
    int first = 0;
    String workerCursor = null;
    if (start != null) {
      first = indexOf(workers, start.upstreamId());
      if (first < 0) {
        exchange.error(ListCursors.invalid(kind.method, message.rawId()));
        return;
      }
      workerCursor = start.workerCursor();
    }
    // Answered through the response stream, which restores the connection's idle timeout.
    exchange.allowSilence(Silence.whileAsking(workers, table));
    ArrayNode items = JSON.createArrayNode();
    String next = null;
    for (int i = first; i < workers.size() && next == null; i++) {
      UpstreamConfig worker = workers.get(i);
      JsonNode page;
      try {
        page = page(kind, exchange, message, session, worker, table, workerCursor);
      } catch (JsonRpcException refused) {
        LOG.debug("{} of {} refused: {}", kind.method, worker.id(), refused.getMessage());
        continue;
      }
      workerCursor = null;
      if (page == null) {
        return; // a policy stage answered the client itself
      }
      if (!page.has("result")) {
        LOG.debug("{} of {} left out: {}", kind.method, worker.id(), page.path("error"));
        continue;
      }
      for (JsonNode item : page.path("result").path(kind.items)) {
        if (item instanceof ObjectNode entry && entry.path(kind.renamedField).isTextual()) {
          entry.put(
              kind.renamedField, kind.rename.apply(worker, entry.get(kind.renamedField).asText()));
          items.add(entry);
        }
      }
      JsonNode more = page.path("result").path("nextCursor");
      if (more.isTextual() && !more.asText().isEmpty()) {
        next =
            cursors.write(
                session, kind.method, new ListCursors.Position(worker.id(), more.asText()));
      }
    }
    ObjectNode result = JSON.createObjectNode();
    result.set(kind.items, items);
    if (next != null) {
      result.put("nextCursor", next);
    }
    exchange.out().finishJson(200, JsonRpcErrors.result(message.rawId(), result.toString()));
  }

  /** One worker's page through the pipeline; {@code null} when a stage answered the client. */
  private JsonNode page(
      Kind kind,
      Exchange exchange,
      JsonRpcMessage message,
      GatewaySession session,
      UpstreamConfig worker,
      RoutingTable table,
      String workerCursor)
      throws JsonRpcException {
    ObjectNode request = JSON.createObjectNode();
    request.put("jsonrpc", "2.0").put("id", handshake.nextId()).put("method", kind.method);
    ObjectNode params = request.putObject("params");
    if (workerCursor != null) {
      params.put("cursor", workerCursor);
    }
    WorkerCall call = new WorkerCall(exchange, session, message, null);
    call.aimAt(
        worker, request.toString().getBytes(StandardCharsets.UTF_8), table.timeoutMillis(worker));
    pipeline.run(call);
    if (call.collectedAnswer() == null) {
      return null;
    }
    try {
      return JSON.readTree(call.collectedAnswer());
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private static int indexOf(List<UpstreamConfig> workers, String id) {
    for (int i = 0; i < workers.size(); i++) {
      if (workers.get(i).id().equals(id)) {
        return i;
      }
    }
    return -1;
  }

  static JsonNode params(JsonRpcMessage message) {
    try {
      return JSON.readTree(message.bytes()).path("params");
    } catch (IOException e) {
      return JSON.missingNode();
    }
  }
}
