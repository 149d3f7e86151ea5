package dev.toolgate.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Settings of one gateway installation that apply to every tool it serves. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class McpGatewaySpec {

  /** A namespace name (RFC 1123 label). */
  public static final String NAMESPACE_NAME = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  @JsonPropertyDescription(
      "Namespaces whose McpTools and McpScopes this gateway serves. Default (empty): every"
          + " namespace the operator watches. McpTools elsewhere are not routed"
          + " (Routed=False, NamespaceNotServed).")
  @Size(max = 256)
  private List<@Pattern(NAMESPACE_NAME) @Size(max = 63) String> namespaces;

  @JsonPropertyDescription(
      "Limits the compiler holds every McpTool to. Each one left out takes the operator's flag.")
  private GatewayLimits limits;

  public List<String> getNamespaces() {
    return namespaces;
  }

  public void setNamespaces(List<String> namespaces) {
    this.namespaces = namespaces;
  }

  public GatewayLimits getLimits() {
    return limits;
  }

  public void setLimits(GatewayLimits limits) {
    this.limits = limits;
  }
}
