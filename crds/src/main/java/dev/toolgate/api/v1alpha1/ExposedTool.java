package dev.toolgate.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** A tool as the gateway exposes it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExposedTool {

  @JsonPropertyDescription("The tool's name on the MCP server.")
  private String name;

  @JsonPropertyDescription("The tool's name on the gateway's aggregated endpoint.")
  private String exposedName;

  @JsonPropertyDescription("Scopes that grant it.")
  private List<String> scopes;

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
}
