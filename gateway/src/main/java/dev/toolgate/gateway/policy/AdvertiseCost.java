package dev.toolgate.gateway.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.gateway.protocol.JsonRpcException;
import dev.toolgate.gateway.routing.RoutingTable;
import dev.toolgate.gateway.routing.ToolMeta;
import dev.toolgate.gateway.routing.ToolRoute;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A passthrough {@code tools/list} shows each tool's cost in its {@code _meta} ({@code
 * dev.toolgate/cost}), as {@code /mcp} lists them.
 */
public final class AdvertiseCost implements CallStage {

  private final Supplier<RoutingTable> table;

  public AdvertiseCost(Supplier<RoutingTable> table) {
    this.table = table;
  }

  @Override
  public void apply(WorkerCall call, CallChain chain) throws JsonRpcException {
    if (call.isPassthrough() && call.message().is("tools/list")) {
      String upstreamId = call.passthroughUpstream().id();
      call.rewriteAnswer(answer -> withCosts(answer, table.get(), upstreamId));
    }
    chain.proceed();
  }

  static byte[] withCosts(byte[] answer, RoutingTable table, String upstreamId) {
    try {
      JsonNode message = PolicyErrors.JSON.readTree(answer);
      if (!(message.path("result").path("tools") instanceof ArrayNode tools)) {
        return answer;
      }
      for (JsonNode tool : tools) {
        Optional<ToolRoute> route = table.exposedTool(upstreamId, tool.path("name").asText());
        if (tool instanceof ObjectNode listed && route.isPresent()) {
          ToolMeta.advertiseCost(listed, route.get().policy());
        }
      }
      return PolicyErrors.JSON.writeValueAsBytes(message);
    } catch (IOException e) {
      return answer;
    }
  }
}
