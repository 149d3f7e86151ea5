package dev.toolgate.gateway.policy;

import dev.toolgate.gateway.calls.CallOutcome;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the gateway learns about one {@code tools/call} while it runs, for its finished-call record:
 * when it started, when the worker was called, and how it ended where a stage knows better than the
 * answer's bytes (a cache hit). Written by the stages and the relay's threads, one after the other.
 */
final class CallRecord {

  final String id = CallIds.next();
  final long startMillis;
  final long startNanos;
  private final AtomicBoolean emitted = new AtomicBoolean();
  private volatile CallOutcome outcome;
  private volatile long upstreamStartNanos;
  private volatile long upstreamNanos = -1;

  CallRecord(long startMillis, long startNanos) {
    this.startMillis = startMillis;
    this.startNanos = startNanos;
  }

  /** Marks the outcome of a call a stage answered itself. */
  static void answered(WorkerCall call, CallOutcome outcome) {
    CallRecord record = call.record();
    if (record != null) {
      record.outcome = outcome;
    }
  }

  CallOutcome outcome() {
    return outcome;
  }

  void upstreamStarted() {
    upstreamStartNanos = System.nanoTime();
  }

  /** The worker answered now. */
  void upstreamAnswered() {
    if (upstreamStartNanos != 0) {
      upstreamNanos = System.nanoTime() - upstreamStartNanos;
    }
  }

  /** The upstream part in microseconds, {@code null} when the worker was not called. */
  Long upstreamMicros(long nowNanos) {
    if (upstreamStartNanos == 0) {
      return null;
    }
    long nanos = upstreamNanos >= 0 ? upstreamNanos : nowNanos - upstreamStartNanos;
    return nanos / 1000;
  }

  /** True once: the record of this call is emitted by whoever gets here first. */
  boolean claim() {
    return emitted.compareAndSet(false, true);
  }
}
