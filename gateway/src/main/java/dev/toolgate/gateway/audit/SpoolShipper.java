package dev.toolgate.gateway.audit;

import dev.toolgate.gateway.calls.FinishedCall;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the spool into the store, in order: reads records from the checkpoint on, inserts them in
 * batches, then moves the checkpoint past them and deletes segment files it has finished. While the
 * store cannot take them, nothing moves and the batch is tried again with a growing pause; a crash
 * between an insert and its checkpoint replays the batch, whose rows the store replaces (ids).
 */
final class SpoolShipper implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SpoolShipper.class);

  static final int MAX_BATCH = 2_000;
  static final String CHECKPOINT = "checkpoint";
  private static final int READ_BYTES = 4 * 1024 * 1024;

  /**
   * The pause after a batch that emptied the spool, before the next: records reach the store at
   * most about this late. Each commit of the embedded store rewrites the index pages it touched, so
   * one commit a second instead of one per spool commit (every 20 ms) cut the store's CPU per call
   * several times over under load (measured with JFR, 2026-12-02).
   */
  static final Duration SHIP_INTERVAL = Duration.ofSeconds(1);

  /** How long a closing shipper goes on moving the spool into the store. */
  static final Duration CLOSING_SHIP = Duration.ofSeconds(5);

  private static final long MAX_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(5);
  private static final Duration RETENTION_EVERY = Duration.ofMinutes(10);

  private final AuditSpool spool;
  private final AuditStore store;
  private final AuditStats stats;
  private final Duration retention;
  private final Clock clock;
  private final Thread thread;
  private volatile boolean closing;
  private boolean migrated;
  private boolean failing;
  private Instant nextRetention = Instant.MIN;
  private SpoolPosition checkpoint;
  private int lastBatch;

  SpoolShipper(
      AuditSpool spool, AuditStore store, AuditStats stats, Duration retention, Clock clock) {
    this.spool = spool;
    this.store = store;
    this.stats = stats;
    this.retention = retention;
    this.clock = clock;
    this.checkpoint = readCheckpoint(spool.dir());
    this.thread = Thread.ofPlatform().name("toolgate-audit-store").daemon().unstarted(this::run);
    spool.onCommit(() -> LockSupport.unpark(thread));
    thread.start();
  }

  private void run() {
    long pauseNanos = 0;
    while (!closing) {
      if (pauseNanos > 0) {
        LockSupport.parkNanos(this, pauseNanos);
        if (closing) {
          break;
        }
      }
      try {
        boolean moved = shipOnce();
        if (failing) {
          failing = false;
          LOG.info("the audit store takes records again");
        }
        pauseNanos = 0;
        if (!moved) {
          keepRetention();
          LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
        } else if (lastBatch < MAX_BATCH) {
          pauseUntil(System.nanoTime() + SHIP_INTERVAL.toNanos());
        }
      } catch (SQLException | RuntimeException e) {
        stats.storeFailures.increment();
        if (!failing) {
          failing = true;
          LOG.warn(
              "the audit store cannot take records ({}); they wait in the spool ({} bytes)",
              e.toString(),
              stats.spoolBytes.get());
        }
        pauseNanos =
            Math.min(MAX_PAUSE_NANOS, Math.max(TimeUnit.MILLISECONDS.toNanos(100), pauseNanos * 2));
      } catch (IOException e) {
        LOG.error("cannot read the audit spool in {}", spool.dir(), e);
        pauseNanos = MAX_PAUSE_NANOS;
      }
    }
    shipTheRest();
  }

  /**
   * On close, the spool (closed first) is moved into the store while the store takes it and {@link
   * #CLOSING_SHIP} lasts: a stopped gateway's store then holds every call, instead of the calls of
   * its last interval waiting in the spool for the next start.
   */
  private void shipTheRest() {
    long deadline = System.nanoTime() + CLOSING_SHIP.toNanos();
    try {
      while (System.nanoTime() < deadline && shipOnce()) {
        // one batch after another
      }
    } catch (SQLException | IOException | RuntimeException e) {
      LOG.warn(
          "stopped with audit records in the spool ({}); the next start ships them", e.toString());
    }
  }

  /** Sleeps until {@code deadline} (a nanoTime) or close; the spool's wake-ups do not end it. */
  private void pauseUntil(long deadline) {
    for (long left; !closing && (left = deadline - System.nanoTime()) > 0; ) {
      LockSupport.parkNanos(this, left);
    }
  }

  /** Ships one batch, or moves past a finished segment; false when there was nothing to do. */
  boolean shipOnce() throws IOException, SQLException {
    lastBatch = 0;
    if (!migrated) {
      store.migrate();
      migrated = true;
    }
    SpoolPosition committed = spool.committed();
    if (checkpoint.compareTo(committed) >= 0) {
      return false;
    }
    List<Long> segments = AuditSpool.segments(spool.dir());
    long segment = checkpoint.segment();
    long offset = checkpoint.offset();
    Long current = segments.stream().filter(n -> n >= segment).findFirst().orElse(null);
    if (current == null) {
      return false;
    }
    if (current != segment) {
      offset = 0;
    }
    long end = current == committed.segment() ? committed.offset() : Long.MAX_VALUE;
    Batch batch = read(AuditSpool.segmentPath(spool.dir(), current), offset, end);
    if (batch.calls().isEmpty() && batch.end() > offset) {
      // Only unreadable bytes: moved past, already logged.
      checkpoint = new SpoolPosition(current, batch.end());
      writeCheckpoint();
      return true;
    }
    if (batch.calls().isEmpty() && current < committed.segment()) {
      // A finished segment, shipped to its end (a torn last line of a crashed run included).
      finishSegment(current);
      return true;
    }
    if (batch.calls().isEmpty()) {
      return false;
    }
    store.insert(batch.calls());
    lastBatch = batch.calls().size();
    stats.stored.add(batch.calls().size());
    checkpoint = new SpoolPosition(current, batch.end());
    writeCheckpoint();
    return true;
  }

  private record Batch(List<FinishedCall> calls, long end) {}

  /** Up to {@link #MAX_BATCH} whole lines from {@code offset}, not past {@code end}. */
  private static Batch read(Path file, long offset, long end) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long limit = Math.min(end, channel.size());
      int length = (int) Math.min(READ_BYTES, Math.max(0, limit - offset));
      ByteBuffer buffer = ByteBuffer.allocate(length);
      while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) > 0) {}
      byte[] bytes = buffer.array();
      List<FinishedCall> calls = new ArrayList<>();
      int start = 0;
      for (int i = 0; i < buffer.position() && calls.size() < MAX_BATCH; i++) {
        if (bytes[i] == '\n') {
          try {
            FinishedCall call = AuditJson.read(bytes, start, i - start);
            if (call.id() == null || call.outcome() == null || call.endpoint() == null) {
              throw new IOException("not a finished call");
            }
            calls.add(call);
          } catch (IOException e) {
            LOG.warn(
                "skipped an unreadable audit record in {}: {}",
                file.getFileName(),
                new String(bytes, start, Math.min(80, i - start), StandardCharsets.UTF_8));
          }
          start = i + 1;
        }
      }
      if (start == 0 && length == READ_BYTES && buffer.position() == length) {
        // A line longer than the buffer is no record the writer made: skip it, a piece at a time.
        LOG.warn("skipped {} bytes of an oversized audit line in {}", length, file.getFileName());
        return new Batch(calls, offset + length);
      }
      return new Batch(calls, offset + start);
    }
  }

  private void finishSegment(long number) throws IOException {
    Path file = AuditSpool.segmentPath(spool.dir(), number);
    long size = Files.size(file);
    checkpoint = new SpoolPosition(number + 1, 0);
    writeCheckpoint();
    Files.delete(file);
    stats.spoolBytes.addAndGet(-size);
  }

  private void keepRetention() {
    Instant now = clock.instant();
    if (now.isBefore(nextRetention)) {
      return;
    }
    nextRetention = now.plus(RETENTION_EVERY);
    try {
      int deleted = store.deleteBefore(now.minus(retention));
      if (deleted > 0) {
        LOG.info("deleted {} audit records older than {}", deleted, retention);
      }
    } catch (SQLException e) {
      LOG.warn("cannot apply the audit retention: {}", e.toString());
    }
  }

  private void writeCheckpoint() throws IOException {
    Path file = spool.dir().resolve(CHECKPOINT);
    Path next = spool.dir().resolve(CHECKPOINT + ".next");
    Files.writeString(next, checkpoint.segment() + " " + checkpoint.offset() + "\n");
    Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static SpoolPosition readCheckpoint(Path dir) {
    Path file = dir.resolve(CHECKPOINT);
    try {
      if (!Files.exists(file)) {
        return SpoolPosition.START;
      }
      String[] parts = Files.readString(file).trim().split(" ");
      return new SpoolPosition(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
    } catch (IOException | RuntimeException e) {
      LOG.warn("the audit spool's checkpoint is unreadable; replaying the spool from its start");
      return SpoolPosition.START;
    }
  }

  @Override
  public void close() throws InterruptedException {
    closing = true;
    LockSupport.unpark(thread);
    thread.join(10_000);
    if (!thread.isAlive()) {
      store.closeWriter();
    }
  }
}
