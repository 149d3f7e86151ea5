package dev.toolgate.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the operator observed and did for an McpTool. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class McpToolStatus {

  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Ready, WorkloadReady, Routed and PolicyValid, Kubernetes style.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Where the gateway reaches the server.")
  private String endpoint;

  @JsonPropertyDescription("The tools exposed on the gateway, with the scopes that grant each.")
  private List<ExposedTool> tools;

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  public List<ExposedTool> getTools() {
    return tools;
  }

  public void setTools(List<ExposedTool> tools) {
    this.tools = tools;
  }
}
