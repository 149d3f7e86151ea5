package dev.toolgate.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * What the operator compiled for a gateway, and under {@link #getGateway() gateway} what the
 * gateway reports. The two have different writers (server-side apply field managers {@code
 * toolgate-operator} and {@code toolgate-gateway}) and share no field: the generated CRD cannot
 * mark {@code conditions} as a map list, so two writers of one conditions list would replace each
 * other's entries.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class McpGatewayStatus {

  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Ready (the operator compiled the config and wrote it), Kubernetes style. The gateway's"
          + " own ConfigLoaded is under gateway.conditions.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("The ConfigMap holding the compiled config, <namespace>/<name>.")
  private String configMap;

  @JsonPropertyDescription(
      "Content hash of the config the operator compiled last (sha256:<16 hex digits>), as in"
          + " the ConfigMap's toolgate.dev/config-hash annotation.")
  private String configHash;

  @JsonPropertyDescription("McpTools routed in that config.")
  private Integer routedTools;

  @JsonPropertyDescription(
      "Problems the compiler found across all McpTools and McpScopes it compiled; each shows on"
          + " its resource's status.")
  private Integer violations;

  @JsonPropertyDescription(
      "Written by the gateway itself after each attempt to load a config; never by the"
          + " operator.")
  private GatewayReport gateway;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public String getConfigMap() {
    return configMap;
  }

  public void setConfigMap(String configMap) {
    this.configMap = configMap;
  }

  public String getConfigHash() {
    return configHash;
  }

  public void setConfigHash(String configHash) {
    this.configHash = configHash;
  }

  public Integer getRoutedTools() {
    return routedTools;
  }

  public void setRoutedTools(Integer routedTools) {
    this.routedTools = routedTools;
  }

  public Integer getViolations() {
    return violations;
  }

  public void setViolations(Integer violations) {
    this.violations = violations;
  }

  public GatewayReport getGateway() {
    return gateway;
  }

  public void setGateway(GatewayReport gateway) {
    this.gateway = gateway;
  }
}
