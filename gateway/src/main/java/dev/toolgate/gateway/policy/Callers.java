package dev.toolgate.gateway.policy;

import dev.toolgate.gateway.auth.Principal;

/**
 * How a call's caller is identified. Today a call carries no verified identity, so the caller is
 * the client address its session was opened from (the unit of the per-client session cap); once the
 * OAuth principal reaches {@link WorkerCall}, the caller is its issuer and subject — a change of
 * this one function.
 */
@FunctionalInterface
public interface Callers {

  CallerKey of(WorkerCall call);

  /** The principal's issuer and subject, else the session's client address. */
  static Callers byPrincipal() {
    Callers byAddress = bySessionClient();
    return call -> {
      Principal principal = call.principal();
      return principal != null && !principal.isAnonymous()
          ? CallerKey.of("principal:" + principal.issuer() + " " + principal.subject())
          : byAddress.of(call);
    };
  }

  /** The client address of the call's session (of the request when there is no session). */
  static Callers bySessionClient() {
    return call -> {
      String address =
          call.session() != null
              ? call.session().clientAddress()
              : call.exchange() != null ? call.exchange().clientAddress() : "unknown";
      return CallerKey.of("client:" + address);
    };
  }
}
