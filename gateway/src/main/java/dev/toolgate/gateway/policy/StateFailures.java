package dev.toolgate.gateway.policy;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when limits or budgets cannot reach their state (Redis down): the failure mode
 * decides per call, every decision is counted, and the log says so once when it starts and once
 * when it ends, not on every call.
 */
final class StateFailures {

  private static final Logger LOG = LoggerFactory.getLogger(StateFailures.class);

  private final PolicyOptions.FailureMode mode;
  private final PolicyCounters counters;
  private final AtomicBoolean failing = new AtomicBoolean();

  StateFailures(PolicyOptions.FailureMode mode, PolicyCounters counters) {
    this.mode = mode;
    this.counters = counters;
  }

  /** Whether a call that could not be checked is refused; counts and logs the decision. */
  boolean refuses(String what, boolean hasCost, Throwable cause) {
    boolean refuse = mode.refuses(hasCost);
    (refuse ? counters.stateFailedClosed : counters.stateFailedOpen).increment();
    if (failing.compareAndSet(false, true)) {
      LOG.warn(
          "{} cannot be checked ({}); until Redis answers again, --redis-failure-mode {}: {}",
          what,
          cause.toString(),
          mode.flagValue(),
          switch (mode) {
            case BY_COST -> "calls of tools with a cost are refused, the others go through";
            case OPEN -> "every call goes through unchecked";
            case CLOSED -> "every call with a limit or budget is refused";
          });
    }
    return refuse;
  }

  /** A decision came through: ends a failing spell. */
  void succeeded() {
    if (failing.get() && failing.compareAndSet(true, false)) {
      LOG.info("limits and budgets are checked again");
    }
  }
}
