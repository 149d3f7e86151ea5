package dev.toolgate.gateway.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * Which calls a query of the audit store looks at: a time window, and optionally one tool (its
 * exposed name) and one caller (the token's subject), each matched exactly.
 *
 * @param tool the exposed tool name, {@code null} for every tool
 * @param subject the caller's subject, {@code null} for every caller
 * @param since calls received at or after this instant
 * @param until calls received before this instant
 */
public record CallFilter(String tool, String subject, Instant since, Instant until) {

  public CallFilter {
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(until, "until");
    if (!since.isBefore(until)) {
      throw new IllegalArgumentException("since must be before until");
    }
  }

  /** The SQL condition on {@code toolgate_calls}, with the marks {@link #bind} fills. */
  String where() {
    return "called_at >= ? AND called_at < ?"
        + (tool == null ? "" : " AND tool = ?")
        + (subject == null ? "" : " AND subject = ?");
  }

  /** Binds the marks of {@link #where} from position {@code first}; returns the next position. */
  int bind(java.sql.PreparedStatement query, int first) throws java.sql.SQLException {
    int i = first;
    query.setTimestamp(i++, java.sql.Timestamp.from(since));
    query.setTimestamp(i++, java.sql.Timestamp.from(until));
    if (tool != null) {
      query.setString(i++, tool);
    }
    if (subject != null) {
      query.setString(i++, subject);
    }
    return i;
  }
}
