package dev.toolgate.gateway.audit;

import dev.toolgate.gateway.calls.CallOutcome;
import dev.toolgate.gateway.calls.FinishedCall;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.flywaydb.core.Flyway;

/**
 * The queryable audit store: an SQLite database embedded in the gateway, or PostgreSQL. The schema
 * is Flyway's ({@code db/audit}); the shipper writes, the replay page and operators read. Every
 * method opens its own connection: writes come from one thread, reads are rare.
 */
public final class AuditStore {

  /**
   * Stores a call, replacing one stored before under its id. The same SQL for both databases:
   * SQLite (since 3.24) and PostgreSQL (since 9.5) share the upsert syntax.
   */
  static final String UPSERT =
      "INSERT INTO toolgate_calls ("
          + Columns.LIST
          + ") VALUES ("
          + Columns.MARKS
          + ") ON CONFLICT (id) DO UPDATE SET "
          + Columns.UPDATES;

  static final class Columns {
    static final String LIST =
        "id, called_at, endpoint, issuer, subject, client_id, session_id, upstream, tool,"
            + " arguments_hash, outcome, error_code, latency_us, upstream_latency_us, cost,"
            + " trace_id, config_version, sync_audited, arguments, result_summary";
    static final String MARKS = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";
    static final String UPDATES =
        java.util.Arrays.stream(LIST.split(","))
            .map(String::strip)
            .filter(column -> !column.equals("id"))
            .map(column -> column + " = EXCLUDED." + column)
            .collect(java.util.stream.Collectors.joining(", "));
  }

  /**
   * One session, as the list of recent sessions shows it.
   *
   * @param errors calls that did not end {@code ok} or from the cache
   */
  public record SessionSummary(
      String session,
      String subject,
      String clientId,
      Instant firstCall,
      Instant lastCall,
      long calls,
      long errors,
      long cost) {}

  /** The outcomes that are not errors: the worker's answer, fresh or from the cache. */
  static final String NOT_ERRORS = "('ok', 'cache-hit', 'coalesced')";

  /** The SQL aggregate that counts errors: calls that did not end {@link #NOT_ERRORS}. */
  static final String ERRORS = "SUM(CASE WHEN outcome IN " + NOT_ERRORS + " THEN 0 ELSE 1 END)";

  private static final String SQLITE_TMPDIR = "org.sqlite.tmpdir";

  private final String url;
  private final Properties credentials;

  AuditStore(String url, String user, String password) {
    this.url = url;
    this.credentials = new Properties();
    if (user != null) {
      credentials.setProperty("user", user);
    }
    if (password != null) {
      credentials.setProperty("password", password);
    }
  }

  /** The embedded store of an audit directory: an SQLite database, {@code store/audit.db}. */
  static AuditStore embedded(Path auditDir) {
    Path store = auditDir.resolve("store");
    try {
      Files.createDirectories(store);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the audit store's directory " + store, e);
    }
    // The driver unpacks its native library before the first connection, into java.io.tmpdir
    // unless told otherwise: the audit directory is writable wherever the gateway runs (a
    // read-only root filesystem with no /tmp included).
    if (System.getProperty(SQLITE_TMPDIR) == null) {
      System.setProperty(SQLITE_TMPDIR, store.toAbsolutePath().toString());
    }
    return new AuditStore(embeddedUrl(auditDir), null, null);
  }

  /**
   * The JDBC URL of the embedded store of an audit directory, to read it with any SQLite client.
   * Write-ahead logging lets the replay page read while the shipper writes; {@code
   * synchronous=FULL} puts each commit on disk before the shipper moves its checkpoint past the
   * batch.
   */
  public static String embeddedUrl(Path auditDir) {
    return "jdbc:sqlite:"
        + auditDir.resolve("store").resolve("audit.db").toAbsolutePath()
        + "?journal_mode=WAL&synchronous=FULL&busy_timeout=10000";
  }

  /** Creates or upgrades the schema. */
  void migrate() {
    Flyway.configure()
        .dataSource(url, credentials.getProperty("user"), credentials.getProperty("password"))
        .locations("classpath:db/audit")
        .table("toolgate_audit_schema_history")
        .load()
        .migrate();
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, credentials);
  }

  /**
   * The shipper's connection, kept open between batches: opening one for every batch costs more
   * than the rows it writes (an embedded H2 store, before SQLite, spent about 130 µs per call at 32
   * sessions on it). Used by the shipper's thread only.
   */
  private Connection writer;

  /**
   * Stores the calls in one transaction. A call stored before (same id) is replaced: the spool
   * holds a sync call's unfinished record before its finished one, and a replay writes the same.
   */
  void insert(List<FinishedCall> calls) throws SQLException {
    Connection connection = writer();
    try (PreparedStatement insert = connection.prepareStatement(UPSERT)) {
      for (FinishedCall call : calls) {
        bind(insert, call);
        insert.addBatch();
      }
      insert.executeBatch();
      connection.commit();
    } catch (SQLException e) {
      // The connection may be what broke (the store went away): the next batch opens a new one.
      closeWriter();
      throw e;
    }
  }

  private Connection writer() throws SQLException {
    if (writer == null) {
      Connection connection = connect();
      connection.setAutoCommit(false);
      writer = connection;
    }
    return writer;
  }

  /** Closes the shipper's connection, rolling back what it had not committed. */
  void closeWriter() {
    if (writer == null) {
      return;
    }
    try (Connection connection = writer) {
      connection.rollback();
    } catch (SQLException e) {
      // already broken: nothing to roll back
    }
    writer = null;
  }

  /** Deletes calls made before {@code cutoff}; returns how many. */
  int deleteBefore(Instant cutoff) throws SQLException {
    try (Connection connection = connect();
        PreparedStatement delete =
            connection.prepareStatement("DELETE FROM toolgate_calls WHERE called_at < ?")) {
      delete.setTimestamp(1, Timestamp.from(cutoff));
      return delete.executeUpdate();
    }
  }

  /** The queries of the replay page: calls by tool, caller and time, and their aggregates. */
  public AuditQueries queries() {
    return new AuditQueries(this);
  }

  /** The sessions with the most recent calls, newest first. */
  public List<SessionSummary> recentSessions(Instant since, int limit) throws SQLException {
    String sql =
        "SELECT session_id, MAX(subject), MAX(client_id), MIN(called_at), MAX(called_at),"
            + " COUNT(*), "
            + ERRORS
            + ", SUM(cost) FROM toolgate_calls WHERE called_at >= ? AND session_id IS"
            + " NOT NULL GROUP BY session_id ORDER BY MAX(called_at) DESC, MAX(id) DESC LIMIT ?";
    try (Connection connection = connect();
        PreparedStatement query = connection.prepareStatement(sql)) {
      query.setTimestamp(1, Timestamp.from(since));
      query.setInt(2, limit);
      List<SessionSummary> sessions = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          sessions.add(
              new SessionSummary(
                  rows.getString(1),
                  rows.getString(2),
                  rows.getString(3),
                  rows.getTimestamp(4).toInstant(),
                  rows.getTimestamp(5).toInstant(),
                  rows.getLong(6),
                  rows.getLong(7),
                  rows.getLong(8)));
        }
      }
      return sessions;
    }
  }

  /** Every call of one session, in the order they were made. */
  public List<FinishedCall> sessionCalls(String session, int limit) throws SQLException {
    return calls(
        "SELECT "
            + Columns.LIST
            + " FROM toolgate_calls WHERE session_id = ? ORDER BY called_at, id LIMIT ?",
        query -> {
          query.setString(1, session);
          query.setInt(2, limit);
        });
  }

  /** The calls of one tool since {@code since}, newest first. */
  public List<FinishedCall> toolCalls(String tool, Instant since, int limit) throws SQLException {
    return calls(
        "SELECT "
            + Columns.LIST
            + " FROM toolgate_calls WHERE tool = ? AND called_at >= ? ORDER BY called_at DESC, id DESC"
            + " LIMIT ?",
        query -> {
          query.setString(1, tool);
          query.setTimestamp(2, Timestamp.from(since));
          query.setInt(3, limit);
        });
  }

  /** How many calls the store holds. */
  public long count() throws SQLException {
    try (Connection connection = connect();
        PreparedStatement query =
            connection.prepareStatement("SELECT COUNT(*) FROM toolgate_calls");
        ResultSet rows = query.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }

  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement query) throws SQLException;
  }

  private List<FinishedCall> calls(String sql, Binder binder) throws SQLException {
    try (Connection connection = connect();
        PreparedStatement query = connection.prepareStatement(sql)) {
      binder.bind(query);
      List<FinishedCall> calls = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          calls.add(read(rows));
        }
      }
      return calls;
    }
  }

  private static void bind(PreparedStatement insert, FinishedCall call) throws SQLException {
    insert.setString(1, cut(call.id(), 64));
    insert.setTimestamp(2, new Timestamp(call.timeMillis()));
    insert.setString(3, cut(call.endpoint(), 16));
    insert.setString(4, cut(call.issuer(), 1024));
    insert.setString(5, cut(call.subject(), 1024));
    insert.setString(6, cut(call.clientId(), 512));
    insert.setString(7, cut(call.session(), 128));
    insert.setString(8, cut(call.upstream(), 320));
    insert.setString(9, cut(call.tool(), 256));
    insert.setString(10, cut(call.argumentsHash(), 80));
    insert.setString(11, call.outcome().label());
    if (call.errorCode() == null) {
      insert.setNull(12, Types.INTEGER);
    } else {
      insert.setInt(12, call.errorCode());
    }
    insert.setLong(13, call.latencyMicros());
    if (call.upstreamMicros() == null) {
      insert.setNull(14, Types.BIGINT);
    } else {
      insert.setLong(14, call.upstreamMicros());
    }
    insert.setInt(15, call.cost());
    insert.setString(16, cut(call.traceId(), 32));
    insert.setString(17, cut(call.configVersion(), 128));
    insert.setBoolean(18, call.sync());
    insert.setString(19, cut(call.arguments(), 16384));
    insert.setString(20, cut(call.result(), 4096));
  }

  static FinishedCall read(ResultSet rows) throws SQLException {
    int errorCode = rows.getInt(12);
    Integer error = rows.wasNull() ? null : errorCode;
    long upstreamMicros = rows.getLong(14);
    Long upstream = rows.wasNull() ? null : upstreamMicros;
    return new FinishedCall(
        rows.getString(1),
        rows.getTimestamp(2).getTime(),
        rows.getString(3),
        rows.getString(4),
        rows.getString(5),
        rows.getString(6),
        rows.getString(7),
        rows.getString(8),
        rows.getString(9),
        rows.getString(10),
        CallOutcome.ofLabel(rows.getString(11)),
        error,
        rows.getLong(13),
        upstream,
        rows.getInt(15),
        rows.getString(16),
        rows.getString(17),
        rows.getBoolean(18),
        rows.getString(19),
        rows.getString(20));
  }

  /** Fits a value to its column: a caller's long subject must not stop the shipper. */
  private static String cut(String value, int max) {
    return value == null || value.length() <= max ? value : value.substring(0, max);
  }
}
