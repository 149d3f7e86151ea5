package dev.toolgate.gateway.audit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The gateway's audit settings (the flags are in {@code GatewayOptions}).
 *
 * @param stdout write one JSON line per call to standard output
 * @param store where calls are kept to be queried
 * @param dir the spool's directory, and the embedded store's
 * @param postgresqlUrl the JDBC URL of the PostgreSQL store ({@code jdbc:postgresql://host/db})
 * @param postgresqlUser its user
 * @param postgresqlPasswordFile a file holding its password, {@code null} for none
 * @param commitInterval the spool's group-commit window: events wait at most this long in memory (a
 *     {@code sync} tool's event does not wait)
 * @param spoolMaxBytes the spool's bound on disk, reached when the store is down long enough
 * @param whenFull what happens once the spool (or the memory queue) is full
 * @param retention calls older than this are deleted from the store
 */
public record AuditOptions(
    boolean stdout,
    Store store,
    Path dir,
    String postgresqlUrl,
    String postgresqlUser,
    Path postgresqlPasswordFile,
    Duration commitInterval,
    long spoolMaxBytes,
    WhenFull whenFull,
    Duration retention) {

  /** Where calls are kept. */
  public enum Store {
    /** An H2 database in {@code dir}: one replica, nothing to run. */
    EMBEDDED,
    /** A PostgreSQL database every replica writes to. */
    POSTGRESQL,
    /** Nowhere but standard output. */
    NONE;

    public static Store parse(String name, String value) {
      return switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "embedded" -> EMBEDDED;
        case "postgresql" -> POSTGRESQL;
        case "none" -> NONE;
        default ->
            throw new IllegalArgumentException(
                name + " expects embedded, postgresql or none, got " + value);
      };
    }
  }

  /** What a full spool means for calls. */
  public enum WhenFull {
    /** Calls go on; their events are dropped and counted. */
    DROP,
    /** Calls are refused (HTTP 503) until the spool has room: no call goes unaudited. */
    REFUSE;

    public static WhenFull parse(String name, String value) {
      return switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "drop" -> DROP;
        case "refuse" -> REFUSE;
        default ->
            throw new IllegalArgumentException(name + " expects drop or refuse, got " + value);
      };
    }
  }

  public static AuditOptions defaults() {
    return new AuditOptions(
        true,
        Store.EMBEDDED,
        Path.of(System.getProperty("java.io.tmpdir"), "toolgate-audit"),
        null,
        null,
        null,
        Duration.ofMillis(20),
        256L * 1024 * 1024,
        WhenFull.DROP,
        Duration.ofDays(30));
  }

  public AuditOptions withStdout(boolean value) {
    return with(b -> b.stdout = value);
  }

  public AuditOptions withStore(Store value) {
    return with(b -> b.store = value);
  }

  public AuditOptions withDir(Path value) {
    return with(b -> b.dir = value);
  }

  public AuditOptions withPostgresqlUrl(String value) {
    return with(b -> b.postgresqlUrl = value);
  }

  public AuditOptions withPostgresqlUser(String value) {
    return with(b -> b.postgresqlUser = value);
  }

  public AuditOptions withPostgresqlPasswordFile(Path value) {
    return with(b -> b.postgresqlPasswordFile = value);
  }

  public AuditOptions withCommitInterval(Duration value) {
    return with(b -> b.commitInterval = value);
  }

  public AuditOptions withSpoolMaxBytes(long value) {
    return with(b -> b.spoolMaxBytes = value);
  }

  public AuditOptions withWhenFull(WhenFull value) {
    return with(b -> b.whenFull = value);
  }

  public AuditOptions withRetention(Duration value) {
    return with(b -> b.retention = value);
  }

  /** A copy with some fields changed: every wither names its fields once, here is the rest. */
  private AuditOptions with(Consumer<Builder> change) {
    Builder b = new Builder(this);
    change.accept(b);
    return new AuditOptions(
        b.stdout,
        b.store,
        b.dir,
        b.postgresqlUrl,
        b.postgresqlUser,
        b.postgresqlPasswordFile,
        b.commitInterval,
        b.spoolMaxBytes,
        b.whenFull,
        b.retention);
  }

  private static final class Builder {
    boolean stdout;
    Store store;
    Path dir;
    String postgresqlUrl;
    String postgresqlUser;
    Path postgresqlPasswordFile;
    Duration commitInterval;
    long spoolMaxBytes;
    WhenFull whenFull;
    Duration retention;

    Builder(AuditOptions o) {
      stdout = o.stdout;
      store = o.store;
      dir = o.dir;
      postgresqlUrl = o.postgresqlUrl;
      postgresqlUser = o.postgresqlUser;
      postgresqlPasswordFile = o.postgresqlPasswordFile;
      commitInterval = o.commitInterval;
      spoolMaxBytes = o.spoolMaxBytes;
      whenFull = o.whenFull;
      retention = o.retention;
    }
  }

  /** Checks the settings that only make sense together. */
  public AuditOptions validated() {
    if (store == Store.POSTGRESQL && (postgresqlUrl == null || postgresqlUrl.isBlank())) {
      throw new IllegalArgumentException("--audit-store postgresql needs --audit-postgresql-url");
    }
    if (postgresqlUrl != null && !postgresqlUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "--audit-postgresql-url expects jdbc:postgresql://host:port/database");
    }
    if (commitInterval.isNegative() || commitInterval.isZero()) {
      throw new IllegalArgumentException("--audit-commit-interval must be above zero");
    }
    if (spoolMaxBytes < 1024 * 1024) {
      throw new IllegalArgumentException("--audit-spool-max-bytes must be at least 1048576");
    }
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("--audit-retention must be above zero");
    }
    return this;
  }
}
