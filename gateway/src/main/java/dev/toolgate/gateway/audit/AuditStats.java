package dev.toolgate.gateway.audit;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What the audit pipeline did, counted, for metrics and tests. */
public final class AuditStats {

  final LongAdder accepted = new LongAdder();
  final LongAdder dropped = new LongAdder();
  final LongAdder written = new LongAdder();
  final LongAdder stored = new LongAdder();
  final LongAdder storeFailures = new LongAdder();
  final AtomicLong queued = new AtomicLong();
  final AtomicLong spoolBytes = new AtomicLong();

  /** Events taken from calls. */
  public long accepted() {
    return accepted.sum();
  }

  /** Events lost because the queue or the spool was full, or the spool could not be written. */
  public long dropped() {
    return dropped.sum();
  }

  /** Events written to the spool (and to stdout). */
  public long written() {
    return written.sum();
  }

  /** Events the store has committed. */
  public long stored() {
    return stored.sum();
  }

  /** Batches the store refused or could not take (it was down); they are retried. */
  public long storeFailures() {
    return storeFailures.sum();
  }

  /** Events waiting in memory for the spool writer. */
  public long queueDepth() {
    return queued.get();
  }

  /** Bytes in the spool's files: events not yet in the store, and the current file's rest. */
  public long spoolBytes() {
    return spoolBytes.get();
  }
}
