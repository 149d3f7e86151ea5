package dev.toolgate.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Callers allowed to use a scope; a caller matching any list is allowed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Subjects {

  @JsonPropertyDescription("Values of the token's groups claim.")
  @Size(max = 64)
  private List<String> groups;

  @JsonPropertyDescription("OAuth client ids (the token's client_id or azp claim).")
  @Size(max = 64)
  private List<String> clientIds;

  @JsonPropertyDescription("Kubernetes service accounts as <namespace>/<name>.")
  @Size(max = 64)
  private List<@Pattern("^[a-z0-9-]+/[a-z0-9.-]+$") String> serviceAccounts;

  public List<String> getGroups() {
    return groups;
  }

  public void setGroups(List<String> groups) {
    this.groups = groups;
  }

  public List<String> getClientIds() {
    return clientIds;
  }

  public void setClientIds(List<String> clientIds) {
    this.clientIds = clientIds;
  }

  public List<String> getServiceAccounts() {
    return serviceAccounts;
  }

  public void setServiceAccounts(List<String> serviceAccounts) {
    this.serviceAccounts = serviceAccounts;
  }
}
