package dev.toolgate.gateway.audit;

import dev.toolgate.gateway.audit.AuditStore.SessionSummary;
import dev.toolgate.gateway.calls.FinishedCall;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the replay page asks the audit store, each over a {@link CallFilter} (a time window, a tool,
 * a caller) and each bounded by a limit: sessions, a session's calls, per-tool latency and cost,
 * top callers, errors. The window keeps every query on an index ({@code called_at}, {@code (tool,
 * called_at)}, {@code (subject, called_at)}, {@code (session_id, called_at)}).
 */
public final class AuditQueries {

  /**
   * One tool's calls in the window.
   *
   * @param tool the exposed name, {@code null} for calls that named no tool
   * @param errors calls that did not end {@code ok}, {@code cache-hit} or {@code coalesced}
   */
  public record ToolStats(
      String tool,
      long calls,
      long errors,
      double meanLatencyMicros,
      long maxLatencyMicros,
      long cost) {}

  /** One caller's calls in the window; {@code clientId} is one of the client ids it used. */
  public record CallerStats(
      String issuer, String subject, String clientId, long calls, long errors, long cost) {}

  private interface Row<T> {
    T read(ResultSet rows) throws SQLException;
  }

  private final AuditStore store;

  AuditQueries(AuditStore store) {
    this.store = store;
  }

  /** Sessions with calls in the filter, the most recently active first; counts are the filter's. */
  public List<SessionSummary> sessions(CallFilter filter, int limit) throws SQLException {
    return query(
        "SELECT session_id, MAX(subject), MAX(client_id), MIN(called_at), MAX(called_at),"
            + " COUNT(*), "
            + AuditStore.ERRORS
            + ", SUM(cost) FROM toolgate_calls WHERE "
            + filter.where()
            + " AND session_id IS NOT NULL GROUP BY session_id ORDER BY MAX(called_at) DESC,"
            + " MAX(id) DESC LIMIT ?",
        filter,
        limit,
        rows ->
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

  /** Every call of one session in the order they were made (the filter does not apply). */
  public List<FinishedCall> sessionCalls(String session, int limit) throws SQLException {
    return store.sessionCalls(session, limit);
  }

  /** Per tool: calls, errors, latency and cost; the most called first. */
  public List<ToolStats> tools(CallFilter filter, int limit) throws SQLException {
    return query(
        "SELECT tool, COUNT(*), "
            + AuditStore.ERRORS
            + ", AVG(CAST(latency_us AS DOUBLE PRECISION)), MAX(latency_us), SUM(cost)"
            + " FROM toolgate_calls WHERE "
            + filter.where()
            + " GROUP BY tool ORDER BY COUNT(*) DESC, tool LIMIT ?",
        filter,
        limit,
        rows ->
            new ToolStats(
                rows.getString(1),
                rows.getLong(2),
                rows.getLong(3),
                rows.getDouble(4),
                rows.getLong(5),
                rows.getLong(6)));
  }

  /** Per caller (issuer and subject): calls, errors and cost; the most calls first. */
  public List<CallerStats> callers(CallFilter filter, int limit) throws SQLException {
    return query(
        "SELECT issuer, subject, MAX(client_id), COUNT(*), "
            + AuditStore.ERRORS
            + ", SUM(cost) FROM toolgate_calls WHERE "
            + filter.where()
            + " GROUP BY issuer, subject ORDER BY COUNT(*) DESC, subject LIMIT ?",
        filter,
        limit,
        rows ->
            new CallerStats(
                rows.getString(1),
                rows.getString(2),
                rows.getString(3),
                rows.getLong(4),
                rows.getLong(5),
                rows.getLong(6)));
  }

  /** The calls that ended in an error, newest first. */
  public List<FinishedCall> errors(CallFilter filter, int limit) throws SQLException {
    return query(
        "SELECT "
            + AuditStore.Columns.LIST
            + " FROM toolgate_calls WHERE "
            + filter.where()
            + " AND outcome NOT IN "
            + AuditStore.NOT_ERRORS
            + " ORDER BY called_at DESC, id DESC LIMIT ?",
        filter,
        limit,
        AuditStore::read);
  }

  private <T> List<T> query(String sql, CallFilter filter, int limit, Row<T> row)
      throws SQLException {
    try (Connection connection = store.connect();
        PreparedStatement query = connection.prepareStatement(sql)) {
      int next = filter.bind(query, 1);
      query.setInt(next, limit);
      List<T> results = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          results.add(row.read(rows));
        }
      }
      return results;
    }
  }
}
