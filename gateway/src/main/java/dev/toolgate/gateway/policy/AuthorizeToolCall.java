package dev.toolgate.gateway.policy;

import dev.toolgate.gateway.auth.Authenticator;
import dev.toolgate.gateway.auth.Principal;
import dev.toolgate.gateway.routing.RoutingTable;
import dev.toolgate.gateway.routing.ToolRoute;
import java.util.List;
import java.util.function.Supplier;

/**
 * A {@code tools/call} needs one of the tool's scopes ({@link Access}); without one the call is
 * refused with 403 and the scopes that would grant it, before any worker sees it. Runs after the
 * tool is resolved, so an unknown tool stays unknown.
 */
public final class AuthorizeToolCall implements CallStage {

  private final Supplier<RoutingTable> table;
  private final Authenticator authenticator;

  public AuthorizeToolCall(Supplier<RoutingTable> table, Authenticator authenticator) {
    this.table = table;
    this.authenticator = authenticator;
  }

  @Override
  public void apply(WorkerCall call, CallChain chain)
      throws dev.toolgate.gateway.protocol.JsonRpcException {
    Principal caller = call.principal();
    if (caller == null) {
      throw Refusals.unauthenticated(call.message().rawId());
    }
    if (!caller.isAnonymous()) {
      ToolRoute tool = call.route();
      RoutingTable routes = table.get();
      List<String> granting = Access.granting(caller, tool.scopes(), routes);
      if (granting.isEmpty()) {
        throw Refusals.insufficientScope(
            authenticator,
            call.isPassthrough() ? call.passthroughUpstream().passthroughPath() : "/mcp",
            Access.stepUp(caller, tool.scopes(), routes),
            "tool " + (call.isPassthrough() ? tool.upstreamName() : tool.exposedName()),
            call.message().rawId());
      }
      call.authorizedBy(granting);
    }
    chain.proceed();
  }
}
