package dev.toolgate.gateway.audit;

import dev.toolgate.api.settings.Setting;
import dev.toolgate.api.settings.SettingBinder;
import dev.toolgate.api.settings.SettingCatalog;
import dev.toolgate.api.settings.SettingType;
import java.nio.file.Path;
import java.time.Duration;
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
    /** An SQLite database in {@code dir}: one replica, nothing to run. */
    EMBEDDED,
    /** A PostgreSQL database every replica writes to. */
    POSTGRESQL,
    /** Nowhere but standard output. */
    NONE;
  }

  /** What a full spool means for calls. */
  public enum WhenFull {
    /** Calls go on; their events are dropped and counted. */
    DROP,
    /** Calls are refused (HTTP 503) until the spool has room: no call goes unaudited. */
    REFUSE;
  }

  /** The audit settings, listed in the gateway's {@code --help} and the README's "audit" table. */
  public static final SettingBinder<AuditOptions> SETTINGS =
      SettingBinder.<AuditOptions>create()
          .bind(
              Setting.of(
                      "audit-stdout",
                      SettingType.bool(),
                      true,
                      "write one JSON line per tools/call to standard output (logs go to standard"
                          + " error)")
                  .inGroup("audit"),
              AuditOptions::withStdout)
          .bind(
              Setting.of(
                      "audit-store",
                      SettingType.choice(Store.class),
                      Store.EMBEDDED,
                      "where calls are kept to be queried: embedded (SQLite in --audit-dir),"
                          + " postgresql, none")
                  .inGroup("audit"),
              AuditOptions::withStore)
          .bind(
              Setting.of(
                      "audit-dir",
                      SettingType.path(),
                      Path.of(System.getProperty("java.io.tmpdir"), "toolgate-audit"),
                      "the audit spool's directory, and the embedded store's")
                  .defaultShownAs("toolgate-audit in the temp directory")
                  .inGroup("audit"),
              AuditOptions::withDir)
          .bind(
              Setting.of(
                      "audit-postgresql-url",
                      SettingType.text(),
                      null,
                      "the PostgreSQL audit store, jdbc:postgresql://HOST:PORT/DATABASE")
                  .inGroup("audit"),
              AuditOptions::withPostgresqlUrl)
          .bind(
              Setting.of("audit-postgresql-user", SettingType.text(), null, "its user")
                  .inGroup("audit"),
              AuditOptions::withPostgresqlUser)
          .bind(
              Setting.of(
                      "audit-postgresql-password-file",
                      SettingType.path(),
                      null,
                      "a file holding its password (never a flag or variable of its own)")
                  .inGroup("audit"),
              AuditOptions::withPostgresqlPasswordFile)
          .bind(
              Setting.of(
                      "audit-commit-interval",
                      SettingType.positiveDuration(),
                      Duration.ofMillis(20),
                      "the spool's group commit: a call's audit record waits in memory at most"
                          + " this long (what a kill -9 can lose); a call of a tool with audit.sync"
                          + " is written before its worker is called")
                  .inGroup("audit"),
              AuditOptions::withCommitInterval)
          .bind(
              Setting.of(
                      "audit-spool-max-bytes",
                      SettingType.longInteger(1024 * 1024, Long.MAX_VALUE),
                      256L * 1024 * 1024,
                      "the spool's bound on disk, where events wait while the store is down")
                  .inGroup("audit"),
              AuditOptions::withSpoolMaxBytes)
          .bind(
              Setting.of(
                      "audit-spool-full",
                      SettingType.choice(WhenFull.class),
                      WhenFull.DROP,
                      "once the spool is full: drop (calls go on, their events are dropped and"
                          + " counted) or refuse (calls are refused with 503 until it has room)")
                  .inGroup("audit"),
              AuditOptions::withWhenFull)
          .bind(
              Setting.of(
                      "audit-retention",
                      SettingType.positiveDuration(),
                      Duration.ofDays(30),
                      "calls older than this are deleted from the store")
                  .inGroup("audit"),
              AuditOptions::withRetention);

  /** Every audit setting at its default ({@link #SETTINGS}). */
  public static AuditOptions defaults() {
    return SETTINGS.apply(
        new AuditOptions(false, null, null, null, null, null, null, 0, null, null),
        new SettingCatalog("audit", SETTINGS.settings()).defaults());
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
