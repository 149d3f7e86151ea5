package dev.toolgate.gateway.auth;

import java.util.concurrent.atomic.LongAdder;

/**
 * Requests refused for who sent them, counted by reason (a fixed set, for metrics): no token, a
 * token not good here, credentials sent in a way the gateway refuses, a token without the scope.
 */
public final class AuthFailures {

  /** The reasons, as metric label values. */
  public enum Reason {
    MISSING_TOKEN("missing_token"),
    INVALID_TOKEN("invalid_token"),
    INVALID_REQUEST("invalid_request"),
    INSUFFICIENT_SCOPE("insufficient_scope");

    private final String label;

    Reason(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private final LongAdder[] counts = new LongAdder[Reason.values().length];

  public AuthFailures() {
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new LongAdder();
    }
  }

  /** Counts a refused authentication by its RFC 6750 error. */
  public void record(AuthFailure failure) {
    Reason reason =
        failure.error() == null
            ? Reason.MISSING_TOKEN
            : AuthFailure.INVALID_REQUEST.equals(failure.error())
                ? Reason.INVALID_REQUEST
                : Reason.INVALID_TOKEN;
    counts[reason.ordinal()].increment();
  }

  /** Counts a call refused for want of a scope. */
  public void insufficientScope() {
    counts[Reason.INSUFFICIENT_SCOPE.ordinal()].increment();
  }

  public long count(Reason reason) {
    return counts[reason.ordinal()].sum();
  }
}
