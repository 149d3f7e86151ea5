package dev.toolgate.gateway.calls;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns of every finished {@code tools/call}, once, on the thread that finished it (a Jetty
 * thread): an observer must not block, and hands slow work to its own thread.
 */
@FunctionalInterface
public interface CallObserver {

  void finished(FinishedCall call);

  /**
   * A call of a tool audited with {@code sync} is about to be sent to its worker: {@code
   * unfinished} is its record so far (outcome {@link CallOutcome#UNFINISHED}, the id its finished
   * record will have). Blocks until the record is durable where this observer keeps it (the audit
   * spool) and returns false when it cannot be, so the call is refused rather than run unaudited.
   * Called on a virtual thread of its own; observers that keep nothing (metrics) ignore it.
   */
  default boolean startedDurably(FinishedCall unfinished) {
    return true;
  }

  /**
   * False while this observer cannot keep what it is given and calls should be refused rather than
   * go unrecorded (a full audit spool, where configured so).
   */
  default boolean accepting() {
    return true;
  }

  CallObserver NONE = call -> {};

  /** Every observer in order; one that throws is logged and does not stop the others. */
  static CallObserver all(List<CallObserver> observers) {
    List<CallObserver> copy = List.copyOf(observers);
    Logger log = LoggerFactory.getLogger(CallObserver.class);
    return new CallObserver() {
      @Override
      public void finished(FinishedCall call) {
        for (CallObserver observer : copy) {
          try {
            observer.finished(call);
          } catch (RuntimeException e) {
            log.error("a call observer failed", e);
          }
        }
      }

      @Override
      public boolean accepting() {
        for (CallObserver observer : copy) {
          if (!observer.accepting()) {
            return false;
          }
        }
        return true;
      }

      @Override
      public boolean startedDurably(FinishedCall unfinished) {
        boolean durable = true;
        for (CallObserver observer : copy) {
          try {
            durable &= observer.startedDurably(unfinished);
          } catch (RuntimeException e) {
            log.error("a call observer failed", e);
            durable = false;
          }
        }
        return durable;
      }
    };
  }
}
