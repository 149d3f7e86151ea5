package dev.toolgate.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The definition a worker lists for one tool, as the gateway found it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ReportedSchema {

  @JsonPropertyDescription("The upstream (McpTool), <namespace>/<name>.")
  private String upstream;

  @JsonPropertyDescription("The tool's name on that upstream's server.")
  private String tool;

  @JsonPropertyDescription(
      "The hash of the definition the server lists; absent: the server no longer lists the tool.")
  private String schemaHash;

  public ReportedSchema() {}

  public ReportedSchema(String upstream, String tool, String schemaHash) {
    this.upstream = upstream;
    this.tool = tool;
    this.schemaHash = schemaHash;
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

  public String getSchemaHash() {
    return schemaHash;
  }

  public void setSchemaHash(String schemaHash) {
    this.schemaHash = schemaHash;
  }

  /** This entry as one comparable value (status classes have no equals). */
  public String key() {
    return upstream + "\n" + tool + "\n" + schemaHash;
  }
}
