package dev.toolgate.gateway.audit;

import dev.toolgate.gateway.calls.CallObserver;
import dev.toolgate.gateway.calls.FinishedCall;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log of finished calls: JSON lines on standard output and a queryable store, both fed
 * from the write-ahead spool. As a {@link CallObserver} it only queues; a {@code sync} tool's call
 * waits, before its worker is called, until its unfinished record is committed.
 */
public final class Audit implements CallObserver, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Audit.class);

  /** The longest a {@code sync} call waits for the spool before it is refused. */
  static final long SYNC_WAIT_MILLIS = 10_000;

  private final AuditOptions options;
  private final AuditStats stats = new AuditStats();
  private final AuditSpool spool;
  private final AuditStore store;
  private final SpoolShipper shipper;

  private Audit(AuditOptions options, OutputStream stdout, Clock clock) {
    this.options = options.validated();
    Path spoolDir =
        options.store() == AuditOptions.Store.NONE ? null : options.dir().resolve("spool");
    this.spool =
        new AuditSpool(
            spoolDir,
            options.stdout() ? stdout : null,
            options.commitInterval().toNanos(),
            options.spoolMaxBytes(),
            stats);
    this.store = storeOf(options);
    this.shipper =
        store == null ? null : new SpoolShipper(spool, store, stats, options.retention(), clock);
  }

  /** Starts the audit log as the options say, its JSON lines on standard output. */
  public static Audit start(AuditOptions options) {
    return start(options, System.out, Clock.systemUTC());
  }

  public static Audit start(AuditOptions options, OutputStream stdout, Clock clock) {
    return new Audit(options, stdout, clock);
  }

  private static AuditStore storeOf(AuditOptions options) {
    return switch (options.store()) {
      case NONE -> null;
      case EMBEDDED -> AuditStore.embedded(options.dir());
      case POSTGRESQL ->
          new AuditStore(
              options.postgresqlUrl(),
              options.postgresqlUser(),
              password(options.postgresqlPasswordFile()));
    };
  }

  private static String password(Path file) {
    if (file == null) {
      return null;
    }
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the audit store's password file " + file, e);
    }
  }

  @Override
  public void finished(FinishedCall call) {
    spool.offer(call, null);
  }

  @Override
  public boolean startedDurably(FinishedCall unfinished) {
    CompletableFuture<Void> durable = new CompletableFuture<>();
    if (!spool.offer(unfinished, durable)) {
      return false;
    }
    try {
      durable.get(SYNC_WAIT_MILLIS, TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      LOG.error(
          "the spool cannot take a sync-audited call of {}: it is refused", unfinished.tool(), e);
      return false;
    }
  }

  @Override
  public boolean accepting() {
    return options.whenFull() == AuditOptions.WhenFull.DROP || !spool.full();
  }

  /** The store to query, empty with {@code --audit-store none}. */
  public Optional<AuditStore> store() {
    return Optional.ofNullable(store);
  }

  public AuditStats stats() {
    return stats;
  }

  /**
   * Writes what is queued and ships it while the store takes it (for a few seconds at most); what
   * is left waits in the spool for the next start.
   */
  @Override
  public void close() throws InterruptedException {
    spool.close();
    if (shipper != null) {
      shipper.close();
    }
  }
}
