package dev.toolgate.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One upstream's problem as the gateway found it while serving. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UpstreamProblem {

  /** A tool discovered at run time whose exposed name another upstream's tool already has. */
  public static final String NAME_TAKEN = "NameTaken";

  @JsonPropertyDescription("The upstream (McpTool) concerned, <namespace>/<name>.")
  private String upstream;

  @JsonPropertyDescription("The tool's name on that upstream's server.")
  private String tool;

  @JsonPropertyDescription("The name the tool would have on the aggregated endpoint.")
  private String exposedName;

  @JsonPropertyDescription("A CamelCase reason, e.g. NameTaken.")
  private String reason;

  @JsonPropertyDescription("For NameTaken: the upstream that keeps the name, <namespace>/<name>.")
  private String owner;

  @JsonPropertyDescription("What happened, for people.")
  private String message;

  public UpstreamProblem() {}

  public UpstreamProblem(
      String upstream,
      String tool,
      String exposedName,
      String reason,
      String owner,
      String message) {
    this.upstream = upstream;
    this.tool = tool;
    this.exposedName = exposedName;
    this.reason = reason;
    this.owner = owner;
    this.message = message;
  }

  public String getUpstream() {
    return upstream;
  }

  public void setUpstream(String upstream) {
    this.upstream = upstream;
  }

  public String getTool() {
    return tool;
  }

  public void setTool(String tool) {
    this.tool = tool;
  }

  public String getExposedName() {
    return exposedName;
  }

  public void setExposedName(String exposedName) {
    this.exposedName = exposedName;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getOwner() {
    return owner;
  }

  public void setOwner(String owner) {
    this.owner = owner;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}
