package dev.toolgate.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** An MCP server Toolgate does not run. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RemoteServer {

  @JsonPropertyDescription(
      "URL of the server's Streamable HTTP endpoint, for example https://mcp.example.com/mcp.")
  @Required
  @Size(max = 2048)
  @Pattern("^https?://[^\\s/$.?#].[^\\s]*$")
  private String url;

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }
}
