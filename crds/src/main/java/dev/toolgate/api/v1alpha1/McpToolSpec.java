package dev.toolgate.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.toolgate.api.config.Durations;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.image) != has(self.remote)",
    message = "set exactly one of image (a worker Toolgate runs) or remote (a server outside)")
@ValidationRule(
    value = "!has(self.remote) || (!has(self.replicas) && !has(self.sandbox) && !has(self.env))",
    message = "replicas, sandbox and env apply to workers Toolgate runs, not to remote servers")
public class McpToolSpec {

  @JsonPropertyDescription(
      "Container image of the MCP server (Streamable HTTP). Exclusive with remote.")
  @Size(min = 1, max = 512)
  private String image;

  @JsonPropertyDescription(
      "An MCP server outside the cluster: no workload, only routing and policy.")
  private RemoteServer remote;

  @JsonPropertyDescription("Port the MCP server listens on. Default 8080.")
  @Min(1)
  @Max(65535)
  private Integer port;

  @JsonPropertyDescription("HTTP path of the MCP endpoint on the server. Default /mcp.")
  @Pattern("^/[A-Za-z0-9._~/-]*$")
  private String path;

  @JsonPropertyDescription(
      "Environment of the server container. Values may come from Secrets (secretKeyRef).")
  private List<EnvVar> env;

  @JsonPropertyDescription("Number of worker pods. Default 1.")
  @Min(0)
  @Max(100)
  private Integer replicas;

  @JsonPropertyDescription(
      "CPU and memory of the server container. Default requests 50m/64Mi, limits 500m/256Mi.")
  private ResourceRequirements resources;

  @JsonPropertyDescription("How the worker is isolated: runtime class, writable paths, egress.")
  private Sandbox sandbox;

  @JsonPropertyDescription(
      "Prefix of this server's tool names on the aggregated endpoint (<prefix>.<tool>). Default:"
          + " the McpTool's name.")
  @Pattern("^[A-Za-z0-9_-]{1,64}$")
  private String toolPrefix;

  @JsonPropertyDescription(
      "Expose every tool the server lists with default policy. Default false: only tools listed"
          + " under tools are exposed.")
  private Boolean exposeAll;

  @JsonPropertyDescription("Default timeout of one call, for example 30s. Default 30s.")
  @Pattern(Durations.PATTERN)
  @Size(max = 32)
  private String timeout;

  @JsonPropertyDescription(
      "Pin every tool's definition to the first one the gateway sees (recorded in"
          + " status.tools[].pinnedSchemaHash): a later different definition is withheld and"
          + " refused until approved, by the annotation toolgate.dev/approve-schemas"
          + " (<tool>=<hash>, comma-separated) or by spec.tools[].schemaHash. Default false.")
  private Boolean pinSchemas;

  @JsonPropertyDescription("The tools exposed and the policy of each.")
  @Size(max = 256)
  private List<ToolPolicy> tools;

  @JsonPropertyDescription("What the gateway removes from this server's results.")
  private Redaction redact;

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public RemoteServer getRemote() {
    return remote;
  }

  public void setRemote(RemoteServer remote) {
    this.remote = remote;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public List<EnvVar> getEnv() {
    return env;
  }

  public void setEnv(List<EnvVar> env) {
    this.env = env;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public Sandbox getSandbox() {
    return sandbox;
  }

  public void setSandbox(Sandbox sandbox) {
    this.sandbox = sandbox;
  }

  public String getToolPrefix() {
    return toolPrefix;
  }

  public void setToolPrefix(String toolPrefix) {
    this.toolPrefix = toolPrefix;
  }

  public Boolean getExposeAll() {
    return exposeAll;
  }

  public void setExposeAll(Boolean exposeAll) {
    this.exposeAll = exposeAll;
  }

  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }

  public List<ToolPolicy> getTools() {
    return tools;
  }

  public void setTools(List<ToolPolicy> tools) {
    this.tools = tools;
  }

  public Redaction getRedact() {
    return redact;
  }

  public void setRedact(Redaction redact) {
    this.redact = redact;
  }

  public Boolean getPinSchemas() {
    return pinSchemas;
  }

  public void setPinSchemas(Boolean pinSchemas) {
    this.pinSchemas = pinSchemas;
  }
}
