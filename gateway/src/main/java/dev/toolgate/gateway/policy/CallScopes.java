package dev.toolgate.gateway.policy;

import java.util.List;

/**
 * The scopes a call was made under, whose rate limits and budgets it counts against. Today a call
 * carries no token, so it counts against every limiting scope that grants its tool (an empty list);
 * once authorization records the scopes that granted the call, only those count.
 */
@FunctionalInterface
public interface CallScopes {

  /** The scopes the call was granted by; empty means every scope that grants the tool. */
  List<String> of(WorkerCall call);

  static CallScopes everyGrantingScope() {
    return call -> List.of();
  }

  /** The scopes that authorized the call. */
  static CallScopes grantedBy() {
    return WorkerCall::grantedBy;
  }
}
