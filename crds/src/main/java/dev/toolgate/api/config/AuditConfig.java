package dev.toolgate.api.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How the gateway audits the calls of one tool; {@code null} fields mean {@code false}.
 *
 * @param sync a call is sent to the worker only once its audit record is in the write-ahead spool
 * @param arguments record the redacted arguments, not only their hash
 * @param result record a redacted summary of the answer
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditConfig(Boolean sync, Boolean arguments, Boolean result) {

  public boolean isSync() {
    return Boolean.TRUE.equals(sync);
  }

  public boolean recordsArguments() {
    return Boolean.TRUE.equals(arguments);
  }

  public boolean recordsResult() {
    return Boolean.TRUE.equals(result);
  }

  /** {@code null} when nothing is set, so the compiled config only says what was asked for. */
  public static AuditConfig of(Boolean sync, Boolean arguments, Boolean result) {
    AuditConfig config = new AuditConfig(sync, arguments, result);
    return config.isSync() || config.recordsArguments() || config.recordsResult() ? config : null;
  }
}
