package dev.toolgate.gateway.calls;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How one {@code tools/call} ended, as the audit log, the metrics and traces name it. The set is
 * closed, so it is a safe metric label.
 */
public enum CallOutcome {
  /** The worker answered with a result. */
  OK,
  /** The worker answered with {@code isError: true} or a JSON-RPC error of its own. */
  TOOL_ERROR,
  /** No authenticated caller, or the caller's scopes do not grant the tool. */
  DENIED,
  /** Over a rate limit (the tool's or a scope's). */
  RATE_LIMITED,
  /** Over a budget. */
  OVER_BUDGET,
  /** The same call too often: the agent is looping. */
  LOOP,
  /** Answered from the result cache. */
  CACHE_HIT,
  /** Answered with the answer of an identical call in flight at the same time. */
  COALESCED,
  /** The worker could not be reached, broke the connection or answered badly. */
  UPSTREAM_ERROR,
  /** The worker did not answer within the tool's timeout. */
  TIMEOUT,
  /** The request itself was wrong: an unknown tool, bad parameters. */
  INVALID,
  /**
   * Policy state (Redis) or the tool's redaction could not be applied, and the call was refused.
   */
  UNAVAILABLE,
  /** The client went away before it was answered. */
  CLIENT_GONE,
  /** The gateway failed (a bug): the client got an internal error. */
  INTERNAL_ERROR,
  /**
   * Not an end: the record of a {@code sync} tool's call written before its worker is called. Its
   * finished record (same id) replaces it; one left in the store means the gateway died before the
   * call ended, and the worker may have run it.
   */
  UNFINISHED;

  private final String label = name().toLowerCase(Locale.ROOT).replace('_', '-');

  /** The outcome as written in events and metric labels: {@code rate-limited}. */
  @JsonValue
  public String label() {
    return label;
  }

  @JsonCreator
  public static CallOutcome ofLabel(String label) {
    for (CallOutcome outcome : values()) {
      if (outcome.label.equals(label)) {
        return outcome;
      }
    }
    throw new IllegalArgumentException("unknown call outcome " + label);
  }

  /** Whether the call reached the worker (its latency has an upstream part). */
  public boolean reachedWorker() {
    return this == OK || this == TOOL_ERROR || this == UPSTREAM_ERROR || this == TIMEOUT;
  }
}
