package dev.toolgate.gateway.policy;

import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.gateway.auth.Authenticator;
import dev.toolgate.gateway.auth.Principal;
import dev.toolgate.gateway.protocol.JsonRpcException;
import dev.toolgate.gateway.routing.RoutingTable;
import java.util.List;
import java.util.function.Supplier;

/**
 * On a passthrough endpoint everything but {@code tools/call} (initialize, lists, resources,
 * prompts, completion, notifications, answers to the worker's requests) needs the McpTool's
 * passthrough scope, {@code toolgate:passthrough:<namespace>/<name>} unless the config names
 * others; nothing reaches a worker unscoped. On {@code /mcp} the messages of this pipeline only
 * follow calls that were authorized themselves, in the caller's own session.
 */
public final class AuthorizePassthrough implements CallStage {

  private final Supplier<RoutingTable> table;
  private final Authenticator authenticator;

  public AuthorizePassthrough(Supplier<RoutingTable> table, Authenticator authenticator) {
    this.table = table;
    this.authenticator = authenticator;
  }

  @Override
  public void apply(WorkerCall call, CallChain chain) throws JsonRpcException {
    if (call.isPassthrough()) {
      String method = call.message().method();
      call.authorizedBy(
          require(
              call.principal(),
              call.passthroughUpstream(),
              method == null ? "an answer to the worker" : method,
              call.message().rawId()));
    } else if (call.principal() == null) {
      throw Refusals.unauthenticated(call.message().rawId());
    }
    chain.proceed();
  }

  /**
   * Checks that the caller may use the passthrough endpoint of {@code upstream} beyond {@code
   * tools/call}; returns the scopes that grant it (none for the anonymous caller of an open
   * gateway).
   *
   * @param what what is asked, for the error message
   */
  public List<String> require(Principal caller, UpstreamConfig upstream, String what, String rawId)
      throws JsonRpcException {
    return requirePassthroughScope(
        table.get(),
        authenticator,
        caller,
        upstream,
        upstream.passthroughPath(),
        what + " on the passthrough endpoint of " + upstream.id(),
        rawId);
  }

  /**
   * The scopes among {@code upstream}'s passthrough scopes that grant the caller (none for the
   * anonymous caller of an open gateway); 403 with the step-up scopes when none does.
   *
   * @param endpointPath the endpoint asked, whose metadata the challenge names
   * @param what what is asked, for the error message
   */
  static List<String> requirePassthroughScope(
      RoutingTable routes,
      Authenticator authenticator,
      Principal caller,
      UpstreamConfig upstream,
      String endpointPath,
      String what,
      String rawId)
      throws JsonRpcException {
    if (caller == null) {
      throw Refusals.unauthenticated(rawId);
    }
    if (caller.isAnonymous()) {
      return List.of();
    }
    List<String> scopes = upstream.passthroughScopesOrDefault();
    List<String> granting = Access.granting(caller, scopes, routes);
    if (granting.isEmpty()) {
      throw Refusals.insufficientScope(
          authenticator, endpointPath, Access.stepUp(caller, scopes, routes), what, rawId);
    }
    return granting;
  }
}
