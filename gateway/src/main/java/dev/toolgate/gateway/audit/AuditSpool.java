package dev.toolgate.gateway.audit;

import dev.toolgate.gateway.calls.FinishedCall;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-ahead spool of finished calls: calls hand their records to a queue without waiting, and
 * one writer thread appends them as JSON lines to segment files with one write and one {@code
 * fsync} per group (group commit), then copies the same lines to standard output. The shipper
 * ({@link SpoolShipper}) reads the files in order into the store. A record is in memory only
 * between its call's end and the next group commit; a {@code sync} caller waits for its group.
 */
final class AuditSpool implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AuditSpool.class);

  /** Records waiting in memory at most; past it they are dropped like a full spool's. */
  static final int MAX_QUEUED = 100_000;

  /** A segment file is closed and a new one opened past this size. */
  static final long SEGMENT_BYTES = 8L * 1024 * 1024;

  static final String SEGMENT_PREFIX = "segment-";
  static final String SEGMENT_SUFFIX = ".jsonl";

  private record Pending(FinishedCall call, CompletableFuture<Void> durable) {}

  private final Path dir;
  private final boolean persist;
  private final OutputStream stdout;
  private final long intervalNanos;
  private final long maxBytes;
  private final AuditStats stats;
  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean fullSpell = new AtomicBoolean();
  private final Thread writer;
  private volatile boolean closing;
  private volatile SpoolPosition committed;
  private volatile Runnable onCommit = () -> {};
  private FileChannel lockFile;
  private FileChannel segment;
  private long segmentNumber;
  private long segmentSize;

  /**
   * @param dir the spool's directory; {@code null} keeps nothing on disk (standard output only)
   * @param stdout where each record's JSON line goes too, {@code null} for nowhere
   */
  AuditSpool(Path dir, OutputStream stdout, long intervalNanos, long maxBytes, AuditStats stats) {
    this.dir = dir;
    this.persist = dir != null;
    this.stdout = stdout;
    this.intervalNanos = intervalNanos;
    this.maxBytes = maxBytes;
    this.stats = stats;
    if (persist) {
      lockFile = lock(dir);
      stats.spoolBytes.set(existingBytes(dir));
      openNewSegment();
    }
    this.committed = new SpoolPosition(segmentNumber, 0);
    this.writer = Thread.ofPlatform().name("toolgate-audit-spool").daemon().unstarted(this::run);
    writer.start();
  }

  /**
   * Takes a record; never blocks. {@code durable} (may be {@code null}) completes once the record
   * is on disk, or exceptionally when it was dropped. Returns false when the record was dropped.
   */
  boolean offer(FinishedCall call, CompletableFuture<Void> durable) {
    boolean refused = full();
    if (!refused && stats.queued.incrementAndGet() > MAX_QUEUED) {
      stats.queued.decrementAndGet();
      refused = true;
    }
    if (refused) {
      dropped(1, "full");
      if (durable != null) {
        durable.completeExceptionally(new IllegalStateException("the audit spool is full"));
      }
      return false;
    }
    stats.accepted.increment();
    queue.add(new Pending(call, durable));
    if (durable != null) {
      LockSupport.unpark(writer);
    }
    return true;
  }

  /** The spool's files or its memory queue are at their bound. */
  boolean full() {
    boolean full =
        (persist && stats.spoolBytes.get() >= maxBytes) || stats.queued.get() >= MAX_QUEUED;
    if (!full && fullSpell.get() && fullSpell.compareAndSet(true, false)) {
      LOG.info("the audit spool has room again");
    }
    return full;
  }

  /** Where the last group ended: everything before it is in the files. */
  SpoolPosition committed() {
    return committed;
  }

  /** Runs after every group commit (the shipper wakes up). */
  void onCommit(Runnable action) {
    this.onCommit = action;
  }

  Path dir() {
    return dir;
  }

  private void run() {
    while (true) {
      boolean last = closing;
      if (!last) {
        LockSupport.parkNanos(this, intervalNanos);
      }
      List<Pending> group = new ArrayList<>();
      for (Pending next; (next = queue.poll()) != null; ) {
        group.add(next);
      }
      if (!group.isEmpty()) {
        stats.queued.addAndGet(-group.size());
        commit(group);
      }
      if (last && queue.isEmpty()) {
        return;
      }
    }
  }

  private void commit(List<Pending> group) {
    ByteArrayOutputStream lines = new ByteArrayOutputStream(group.size() * 512);
    for (Pending pending : group) {
      lines.writeBytes(AuditJson.line(pending.call()));
    }
    byte[] bytes = lines.toByteArray();
    if (persist) {
      try {
        append(bytes);
      } catch (IOException e) {
        LOG.error("cannot write the audit spool in {}: {} records lost", dir, group.size(), e);
        dropped(group.size(), "unwritable");
        group.forEach(
            p -> {
              if (p.durable() != null) {
                p.durable().completeExceptionally(e);
              }
            });
        return;
      }
    }
    stats.written.add(group.size());
    group.forEach(
        p -> {
          if (p.durable() != null) {
            p.durable().complete(null);
          }
        });
    if (stdout != null) {
      try {
        stdout.write(bytes);
        stdout.flush();
      } catch (IOException e) {
        LOG.warn("cannot write audit lines to standard output: {}", e.toString());
      }
    }
    onCommit.run();
  }

  private void append(byte[] bytes) throws IOException {
    if (segmentSize >= SEGMENT_BYTES) {
      segment.close();
      openNewSegment();
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      segment.write(buffer);
    }
    segment.force(false);
    segmentSize += bytes.length;
    stats.spoolBytes.addAndGet(bytes.length);
    committed = new SpoolPosition(segmentNumber, segmentSize);
  }

  /** A new segment after every existing one: a torn tail of a crashed run is never appended to. */
  private void openNewSegment() {
    try {
      Files.createDirectories(dir);
      long highest = 0;
      for (long number : segments(dir)) {
        highest = Math.max(highest, number);
      }
      segmentNumber = highest + 1;
      segment =
          FileChannel.open(
              segmentPath(dir, segmentNumber),
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE);
      segmentSize = 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the audit spool in " + dir, e);
    }
  }

  /** One gateway per spool: a second would interleave its segments with the first's. */
  private static FileChannel lock(Path dir) {
    try {
      Files.createDirectories(dir);
      FileChannel channel =
          FileChannel.open(
              dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      if (channel.tryLock() == null) {
        channel.close();
        throw new IllegalStateException(
            "the audit spool "
                + dir
                + " is in use by another gateway process; give each its own --audit-dir");
      }
      return channel;
    } catch (java.nio.channels.OverlappingFileLockException e) {
      throw new IllegalStateException(
          "the audit spool " + dir + " is in use by another gateway; give each its own --audit-dir",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the audit spool in " + dir, e);
    }
  }

  private static long existingBytes(Path dir) {
    long bytes = 0;
    try {
      for (long number : segments(dir)) {
        bytes += Files.size(segmentPath(dir, number));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the audit spool in " + dir, e);
    }
    return bytes;
  }

  private void dropped(int count, String why) {
    stats.dropped.add(count);
    if (fullSpell.compareAndSet(false, true)) {
      LOG.error(
          "audit records are being dropped (the spool is {}); they are counted until it has room",
          why);
    }
  }

  static Path segmentPath(Path dir, long number) {
    return dir.resolve(String.format("%s%012d%s", SEGMENT_PREFIX, number, SEGMENT_SUFFIX));
  }

  /** The numbers of the segment files in {@code dir}, in order. */
  static List<Long> segments(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(SEGMENT_PREFIX) && n.endsWith(SEGMENT_SUFFIX))
          .map(
              n ->
                  Long.parseLong(
                      n.substring(SEGMENT_PREFIX.length(), n.length() - SEGMENT_SUFFIX.length())))
          .sorted()
          .toList();
    }
  }

  /** Writes what is queued and stops the writer. */
  @Override
  public void close() throws InterruptedException {
    closing = true;
    LockSupport.unpark(writer);
    writer.join(10_000);
    try {
      if (segment != null) {
        segment.close();
      }
      if (lockFile != null) {
        lockFile.close();
      }
    } catch (IOException e) {
      LOG.debug("closing the audit spool", e);
    }
  }
}
