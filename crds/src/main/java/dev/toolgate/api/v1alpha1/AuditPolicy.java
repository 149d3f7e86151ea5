package dev.toolgate.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How the gateway's audit log records the calls of one tool. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AuditPolicy {

  @JsonPropertyDescription(
      "Each call waits, before it is sent to the worker, until its audit record is in the"
          + " gateway's write-ahead spool (a file, synced): a gateway that crashes loses no call of"
          + " this tool that reached the worker (one cut short stays recorded as unfinished)."
          + " Costs a spool write on every call. Default false.")
  private Boolean sync;

  @JsonPropertyDescription(
      "Record the call's arguments, redacted like the tool's answers. Default false: only a hash"
          + " of the canonical arguments is recorded.")
  private Boolean arguments;

  @JsonPropertyDescription(
      "Record a summary of the answer (its first 2 KiB, redacted). Default false.")
  private Boolean result;

  public Boolean getSync() {
    return sync;
  }

  public void setSync(Boolean sync) {
    this.sync = sync;
  }

  public Boolean getArguments() {
    return arguments;
  }

  public void setArguments(Boolean arguments) {
    this.arguments = arguments;
  }

  public Boolean getResult() {
    return result;
  }

  public void setResult(Boolean result) {
    this.result = result;
  }
}
