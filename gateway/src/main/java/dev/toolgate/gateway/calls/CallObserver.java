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
   * Waits until {@code call} is durable where this observer keeps it (the audit spool), for tools
   * audited synchronously; observers that keep nothing return at once.
   */
  default void finishedDurably(FinishedCall call) {
    finished(call);
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
      public void finishedDurably(FinishedCall call) {
        for (CallObserver observer : copy) {
          try {
            observer.finishedDurably(call);
          } catch (RuntimeException e) {
            log.error("a call observer failed", e);
          }
        }
      }
    };
  }
}
