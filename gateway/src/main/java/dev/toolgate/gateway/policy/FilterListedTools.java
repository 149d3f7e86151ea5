package dev.toolgate.gateway.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.api.config.ToolSchema;
import dev.toolgate.gateway.auth.Principal;
import dev.toolgate.gateway.protocol.JsonRpcException;
import dev.toolgate.gateway.routing.RoutingTable;
import dev.toolgate.gateway.routing.ToolDefinition;
import dev.toolgate.gateway.routing.ToolRoute;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A passthrough {@code tools/list} shows only the tools the McpTool exposes and the caller's scopes
 * grant, so a client never sees a tool it could not call. The worker's answer is filtered on its
 * way back; everything else in it (pagination cursor, {@code _meta}) is kept. A pinned tool is
 * checked against the definition listed in this very answer, not only the one last discovered: a
 * definition other than the approved one is withheld at once.
 */
public final class FilterListedTools implements CallStage {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Supplier<RoutingTable> table;
  private final PolicyCounters counters;

  public FilterListedTools(Supplier<RoutingTable> table, PolicyCounters counters) {
    this.table = table;
    this.counters = counters;
  }

  @Override
  public void apply(WorkerCall call, CallChain chain) throws JsonRpcException {
    if (call.isPassthrough() && call.message().is("tools/list")) {
      String upstreamId = call.passthroughUpstream().id();
      Principal caller = call.principal();
      call.rewriteAnswer(answer -> exposedOnly(answer, table.get(), upstreamId, caller, counters));
    }
    chain.proceed();
  }

  /** Unpinned, or listed with the approved definition. */
  private static boolean approved(RoutingTable table, String upstreamId, JsonNode tool) {
    String pinned =
        table
            .upstream(upstreamId)
            .flatMap(u -> u.schema(tool.path("name").asText()))
            .map(ToolSchema::pinned)
            .orElse(null);
    return pinned == null || pinned.equals(ToolDefinition.schemaHash(tool));
  }

  static byte[] exposedOnly(
      byte[] answer,
      RoutingTable table,
      String upstreamId,
      Principal caller,
      PolicyCounters counters) {
    try {
      JsonNode message = JSON.readTree(answer);
      if (!(message.path("result").path("tools") instanceof ArrayNode tools)) {
        return answer;
      }
      ArrayNode kept = JSON.createArrayNode();
      for (JsonNode tool : tools) {
        String name = tool.path("name").asText();
        Optional<ToolRoute> route = table.exposedTool(upstreamId, name);
        if (route.isEmpty() || !approved(table, upstreamId, tool)) {
          if (route.isPresent() || table.drift(upstreamId, name).isPresent()) {
            counters.schemaDriftWithheld.increment();
          }
        } else if (caller != null && Access.mayCall(caller, route.get(), table)) {
          kept.add(tool);
        }
      }
      ((ObjectNode) message.get("result")).set("tools", kept);
      return JSON.writeValueAsBytes(message);
    } catch (IOException e) {
      // The relay checked that the answer is one JSON-RPC message; it always parses.
      throw new IllegalStateException("unreadable tools/list answer", e);
    }
  }
}
