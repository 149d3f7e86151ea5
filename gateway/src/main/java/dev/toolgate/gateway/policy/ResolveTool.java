package dev.toolgate.gateway.policy;

import dev.toolgate.gateway.protocol.JsonRpcErrors;
import dev.toolgate.gateway.protocol.JsonRpcException;
import dev.toolgate.gateway.protocol.JsonRpcMessage;
import dev.toolgate.gateway.routing.RoutingTable;
import dev.toolgate.gateway.routing.SchemaDrift;
import dev.toolgate.gateway.routing.ToolRoute;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Finds the tool a {@code tools/call} names among the exposed tools: by its exposed name on {@code
 * /mcp} (the bytes sent on carry the worker's name instead), by the worker's own name on a
 * passthrough endpoint. A tool its McpTool does not expose is unknown on every endpoint, with the
 * same answer as a tool that does not exist. A pinned tool whose worker lists another definition
 * than the approved one is refused with an answer that says so (the caller is not left guessing
 * whether the tool exists), naming both hashes.
 */
public final class ResolveTool implements CallStage {

  private final Supplier<RoutingTable> table;
  private final PolicyCounters counters;

  public ResolveTool(Supplier<RoutingTable> table, PolicyCounters counters) {
    this.table = table;
    this.counters = counters;
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
      Optional<SchemaDrift> drift =
          call.isPassthrough()
              ? routes.drift(call.passthroughUpstream().id(), name)
              : routes.drift(name);
      if (drift.isPresent()) {
        counters.schemaDriftRefused.increment();
        throw new JsonRpcException(
            200, JsonRpcErrors.INVALID_PARAMS, drift.get().describe(name), message.rawId());
      }
      throw new JsonRpcException(
          200, JsonRpcErrors.INVALID_PARAMS, "Unknown tool: " + name, message.rawId());
    }
    ToolRoute tool = route.get();
    call.routeTo(
        tool, call.isPassthrough() ? message.bytes() : message.withParamsName(tool.upstreamName()));
    chain.proceed();
  }
}
