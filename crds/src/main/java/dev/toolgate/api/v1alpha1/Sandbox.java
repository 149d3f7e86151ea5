package dev.toolgate.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Isolation of a worker beyond the restricted pod security defaults that always apply. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Sandbox {

  @JsonPropertyDescription(
      "RuntimeClass of the worker pods, for example gvisor or kata for a microVM. Default: the"
          + " cluster's default runtime.")
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  private String runtimeClassName;

  @JsonPropertyDescription(
      "Paths the server may write to, each an emptyDir. The root filesystem is read-only.")
  @Size(max = 16)
  private List<WritablePath> writablePaths;

  @JsonPropertyDescription(
      "Where the worker may connect. Default: nowhere but cluster DNS. Each rule names a cidr or a"
          + " host, and optional ports.")
  @Size(max = 64)
  private List<EgressRule> egress;

  @JsonPropertyDescription(
      "Let the worker fetch the gateway's public keys, to verify the identity token"
          + " (Toolgate-Identity header) of each call: egress to the gateway pods' JWKS port, which"
          + " serves nothing else, and the URL in TOOLGATE_IDENTITY_JWKS_URL. Default: false.")
  private Boolean gatewayJwks;

  public String getRuntimeClassName() {
    return runtimeClassName;
  }

  public void setRuntimeClassName(String runtimeClassName) {
    this.runtimeClassName = runtimeClassName;
  }

  public List<WritablePath> getWritablePaths() {
    return writablePaths;
  }

  public void setWritablePaths(List<WritablePath> writablePaths) {
    this.writablePaths = writablePaths;
  }

  public List<EgressRule> getEgress() {
    return egress;
  }

  public void setEgress(List<EgressRule> egress) {
    this.egress = egress;
  }

  public Boolean getGatewayJwks() {
    return gatewayJwks;
  }

  public void setGatewayJwks(Boolean gatewayJwks) {
    this.gatewayJwks = gatewayJwks;
  }
}
