package dev.toolgate.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the operator found when it resolved an McpScope. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class McpScopeStatus {

  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Ready and PolicyValid, Kubernetes style.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Exposed names of the tools this scope grants on the gateway.")
  private List<String> grantedTools;

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

  public List<String> getGrantedTools() {
    return grantedTools;
  }

  public void setGrantedTools(List<String> grantedTools) {
    this.grantedTools = grantedTools;
  }
}
