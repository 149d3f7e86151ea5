package dev.toolgate.gateway.policy;

import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.gateway.auth.Authenticator;
import dev.toolgate.gateway.protocol.JsonRpcException;
import dev.toolgate.gateway.routing.RoutingTable;
import java.util.function.Supplier;

/**
 * A request on {@code /mcp} aimed at one worker's prompts, resources, completion or logging needs
 * one of that worker's passthrough scopes ({@code toolgate:passthrough:<namespace>/<name>} unless
 * the config names others). Those scopes already grant the same methods on the worker's passthrough
 * endpoint; a tool's scope grants one tool and nothing else of its worker, so {@code /mcp} never
 * grants more of a worker than its passthrough endpoint does. Refused with 403 and the step-up
 * scopes before the worker sees anything.
 */
public final class AuthorizeWorker implements CallStage {

  private final Supplier<RoutingTable> table;
  private final Authenticator authenticator;

  public AuthorizeWorker(Supplier<RoutingTable> table, Authenticator authenticator) {
    this.table = table;
    this.authenticator = authenticator;
  }

  @Override
  public void apply(WorkerCall call, CallChain chain) throws JsonRpcException {
    UpstreamConfig worker = call.target();
    if (worker == null) {
      throw new IllegalStateException("a request of this pipeline is aimed at one worker first");
    }
    call.authorizedBy(
        AuthorizePassthrough.requirePassthroughScope(
            table.get(),
            authenticator,
            call.principal(),
            worker,
            "/mcp",
            call.message().method() + " on " + worker.id(),
            call.message().rawId()));
    chain.proceed();
  }
}
