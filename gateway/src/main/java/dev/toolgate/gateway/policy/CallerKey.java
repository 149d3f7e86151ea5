package dev.toolgate.gateway.policy;

import dev.toolgate.gateway.canonical.Digests;

/**
 * Who a call is accounted to, for per-caller limits, budgets, loops and cache partitions. Built
 * from one identity string and kept only as a hash of it, so no address, subject or e-mail ends up
 * in a Redis key.
 *
 * @param id 128 bits of the identity's SHA-256, in hex
 */
public record CallerKey(String id) {

  /** The caller with this identity (once auth lands: the principal's issuer and subject). */
  public static CallerKey of(String identity) {
    return new CallerKey(Digests.sha256(identity).substring(0, 32));
  }
}
