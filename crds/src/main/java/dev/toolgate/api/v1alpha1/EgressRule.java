package dev.toolgate.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** One destination a worker may reach. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.cidr) != has(self.host)",
    message = "set exactly one of cidr or host")
public class EgressRule {

  @JsonPropertyDescription("An IPv4 or IPv6 block, for example 10.20.0.0/16.")
  @Pattern("^[0-9a-fA-F.:]+/[0-9]{1,3}$")
  @Size(max = 43)
  @ValidationRule(value = "isCIDR(self)", message = "must be a valid CIDR")
  private String cidr;

  @JsonPropertyDescription(
      "A DNS name, for example api.stripe.com. Enforced with a CiliumNetworkPolicy where Cilium is"
          + " installed; otherwise the McpTool reports that it cannot be enforced.")
  @Pattern("^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
  @Size(max = 253)
  private String host;

  @JsonPropertyDescription("TCP ports allowed. Default: all ports.")
  @Size(max = 32)
  private List<Integer> ports;

  public String getCidr() {
    return cidr;
  }

  public void setCidr(String cidr) {
    this.cidr = cidr;
  }

  public String getHost() {
    return host;
  }

  public void setHost(String host) {
    this.host = host;
  }

  public List<Integer> getPorts() {
    return ports;
  }

  public void setPorts(List<Integer> ports) {
    this.ports = ports;
  }
}
