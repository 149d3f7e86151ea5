package dev.toolgate.gateway.policy;

import dev.toolgate.gateway.protocol.JsonRpcErrors;
import dev.toolgate.gateway.protocol.JsonRpcException;
import dev.toolgate.gateway.protocol.JsonRpcMessage;
import dev.toolgate.gateway.routing.RoutingTable;
import dev.toolgate.gateway.routing.ToolRoute;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Finds the tool a {@code tools/call} names among the exposed tools: by its exposed name on {@code
 * /mcp} (the bytes sent on carry the worker's name instead), by the worker's own name on a
 * passthrough endpoint. A tool its McpTool does not expose is unknown on every endpoint, with the
 * same answer as a tool that does not exist.
 */
public final class ResolveTool implements CallStage {

  private final Supplier<RoutingTable> table;

  public ResolveTool(Supplier<RoutingTable> table) {
    this.table = table;
  }

  @Override
  public void apply(WorkerCall call, CallChain chain) throws JsonRpcException {
    JsonRpcMessage message = call.message();
    String name = message.paramsName();
    if (name == null) {
      throw new JsonRpcException(
          200,
          JsonRpcErrors.INVALID_PARAMS,
          "Invalid params: tools/call needs params.name",
          message.rawId());
    }
    RoutingTable routes = table.get();
    Optional<ToolRoute> route =
        call.isPassthrough()
            ? routes.exposedTool(call.passthroughUpstream().id(), name)
            : routes.tool(name);
    if (route.isEmpty()) {
      throw new JsonRpcException(
          200, JsonRpcErrors.INVALID_PARAMS, "Unknown tool: " + name, message.rawId());
    }
    ToolRoute tool = route.get();
    call.routeTo(
        tool, call.isPassthrough() ? message.bytes() : message.withParamsName(tool.upstreamName()));
    chain.proceed();
  }
}
