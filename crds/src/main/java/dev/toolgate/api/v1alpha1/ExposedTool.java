package dev.toolgate.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** A tool as the gateway exposes it, and the definition its server lists. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExposedTool {

  @JsonPropertyDescription("The tool's name on the MCP server.")
  private String name;

  @JsonPropertyDescription("The tool's name on the gateway's aggregated endpoint.")
  private String exposedName;

  @JsonPropertyDescription("Scopes that grant it.")
  private List<String> scopes;

  @JsonPropertyDescription(
      "The hash of the definition the server lists (name, description, inputSchema,"
          + " outputSchema, annotations as canonical JSON), as the gateway last reported it.")
  private String schemaHash;

  @JsonPropertyDescription("When the operator first recorded this schemaHash.")
  private String firstSeen;

  @JsonPropertyDescription(
      "The approved hash: spec.tools[].schemaHash, or with pinSchemas the first one seen or the"
          + " one approved by annotation. A different schemaHash is drift: the tool is withheld.")
  private String pinnedSchemaHash;

  public ExposedTool() {}

  public ExposedTool(String name, String exposedName, List<String> scopes) {
    this.name = name;
    this.exposedName = exposedName;
    this.scopes = scopes;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getExposedName() {
    return exposedName;
  }

  public void setExposedName(String exposedName) {
    this.exposedName = exposedName;
  }

  public List<String> getScopes() {
    return scopes;
  }

  public void setScopes(List<String> scopes) {
    this.scopes = scopes;
  }

  public String getSchemaHash() {
    return schemaHash;
  }

  public void setSchemaHash(String schemaHash) {
    this.schemaHash = schemaHash;
  }

  public String getFirstSeen() {
    return firstSeen;
  }

  public void setFirstSeen(String firstSeen) {
    this.firstSeen = firstSeen;
  }

  public String getPinnedSchemaHash() {
    return pinnedSchemaHash;
  }

  public void setPinnedSchemaHash(String pinnedSchemaHash) {
    this.pinnedSchemaHash = pinnedSchemaHash;
  }

  /** Whether the server lists a definition other than the approved one. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean drifted() {
    return pinnedSchemaHash != null && schemaHash != null && !pinnedSchemaHash.equals(schemaHash);
  }
}
