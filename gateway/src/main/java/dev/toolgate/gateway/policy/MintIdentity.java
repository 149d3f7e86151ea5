package dev.toolgate.gateway.policy;

import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.gateway.auth.Authenticator;
import dev.toolgate.gateway.auth.Principal;
import dev.toolgate.gateway.identity.IdentityTokens;
import dev.toolgate.gateway.protocol.JsonRpcException;
import dev.toolgate.gateway.routing.RoutingTable;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The last stage before the worker: the call gets the gateway's identity token for this caller,
 * tool and worker ({@link IdentityTokens}), living no longer than the call's timeout and reused for
 * the same caller, session, worker and tool while it is young (signing is the costly part). Nothing
 * is minted for the anonymous caller of an open gateway, nor for the client messages of {@code
 * /mcp} that are not relayed with the call's headers.
 */
public final class MintIdentity implements CallStage {

  private final Supplier<RoutingTable> table;
  private final Authenticator authenticator;
  private final IdentityTokens identities;

  public MintIdentity(
      Supplier<RoutingTable> table, Authenticator authenticator, IdentityTokens identities) {
    this.table = table;
    this.authenticator = authenticator;
    this.identities = identities;
  }

  @Override
  public void apply(WorkerCall call, CallChain chain) throws JsonRpcException {
    Principal caller = call.principal();
    if (caller == null) {
      throw Refusals.unauthenticated(call.message().rawId());
    }
    Authenticator.Settings settings = authenticator.settings().orElse(null);
    UpstreamConfig upstream = call.upstream();
    if (!caller.isAnonymous() && settings != null && upstream != null) {
      long timeout =
          call.route() == null && call.isPassthrough()
              ? table.get().timeoutMillis(upstream)
              : call.timeoutMillis();
      call.identity(
          identities.tokenFor(
              new IdentityTokens.Claims(
                  settings.resource().canonical(),
                  upstream.url(),
                  caller,
                  call.grantedBy(),
                  call.route() != null ? call.route().exposedName() : null,
                  call.session() == null ? null : call.session().idHash(),
                  Duration.ofMillis(timeout))));
    }
    chain.proceed();
  }
}
