package dev.toolgate.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Quantity;

/** A directory the worker may write to, backed by an emptyDir. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WritablePath {

  @JsonPropertyDescription("Absolute path inside the container, for example /scratch.")
  @Required
  @Pattern("^/[A-Za-z0-9._/-]*$")
  private String path;

  @JsonPropertyDescription("Largest size of the directory, for example 1Gi. Default 256Mi.")
  private Quantity sizeLimit;

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public Quantity getSizeLimit() {
    return sizeLimit;
  }

  public void setSizeLimit(Quantity sizeLimit) {
    this.sizeLimit = sizeLimit;
  }
}
