package dev.toolgate.api.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.toolgate.api.ToolgateNames;
import java.util.List;
import java.util.Optional;

/**
 * One MCP server behind the gateway: a worker the operator runs, or a remote server.
 *
 * @param id {@code <namespace>/<name>} of the McpTool, unique
 * @param url where the gateway sends MCP requests (Streamable HTTP)
 * @param passthroughPath the gateway path that relays this server unchanged, {@code
 *     /mcp/tools/<namespace>/<name>}
 * @param toolPrefix the prefix of exposed tool names on the aggregated endpoint
 * @param exposeAll {@code true}: every tool the server lists is exposed, not only {@link #tools()}
 * @param timeout default per-call timeout, a duration such as {@code 30s}
 * @param tools the tools and their policies, sorted by name
 * @param redaction what the gateway removes from this server's results
 * @param remote {@code true}: a server outside the cluster ({@code spec.remote}); {@code null}: a
 *     worker the operator runs, reached only at its own Service URL
 * @param passthroughScopes scopes that grant the passthrough endpoint's methods other than {@code
 *     tools/call} (initialize, resources, prompts, completion, ...); empty means {@link
 *     ToolgateNames#passthroughScope the default}, {@code toolgate:passthrough:<namespace>/<name>}
 * @param schemas the pinned and the recorded schema hash of tools, sorted by name; tools absent
 *     have neither
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record UpstreamConfig(
    String id,
    String url,
    String passthroughPath,
    String toolPrefix,
    Boolean exposeAll,
    String timeout,
    List<ToolConfig> tools,
    RedactionConfig redaction,
    Boolean remote,
    List<String> passthroughScopes,
    List<ToolSchema> schemas) {

  public UpstreamConfig {
    tools = tools == null ? List.of() : List.copyOf(tools);
    passthroughScopes = passthroughScopes == null ? List.of() : List.copyOf(passthroughScopes);
    schemas = schemas == null ? List.of() : List.copyOf(schemas);
  }

  /** An upstream as configs were written before {@link #schemas()}. */
  public UpstreamConfig(
      String id,
      String url,
      String passthroughPath,
      String toolPrefix,
      Boolean exposeAll,
      String timeout,
      List<ToolConfig> tools,
      RedactionConfig redaction,
      Boolean remote,
      List<String> passthroughScopes) {
    this(
        id,
        url,
        passthroughPath,
        toolPrefix,
        exposeAll,
        timeout,
        tools,
        redaction,
        remote,
        passthroughScopes,
        null);
  }

  /** An upstream as configs were written before {@link #passthroughScopes()}. */
  public UpstreamConfig(
      String id,
      String url,
      String passthroughPath,
      String toolPrefix,
      Boolean exposeAll,
      String timeout,
      List<ToolConfig> tools,
      RedactionConfig redaction,
      Boolean remote) {
    this(id, url, passthroughPath, toolPrefix, exposeAll, timeout, tools, redaction, remote, null);
  }

  /** A worker upstream ({@link #remote()} absent), as configs were written before that field. */
  public UpstreamConfig(
      String id,
      String url,
      String passthroughPath,
      String toolPrefix,
      Boolean exposeAll,
      String timeout,
      List<ToolConfig> tools,
      RedactionConfig redaction) {
    this(id, url, passthroughPath, toolPrefix, exposeAll, timeout, tools, redaction, null);
  }

  public UpstreamConfig withTools(List<ToolConfig> newTools) {
    return new UpstreamConfig(
        id,
        url,
        passthroughPath,
        toolPrefix,
        exposeAll,
        timeout,
        newTools,
        redaction,
        remote,
        passthroughScopes,
        schemas);
  }

  public UpstreamConfig withSchemas(List<ToolSchema> newSchemas) {
    return new UpstreamConfig(
        id,
        url,
        passthroughPath,
        toolPrefix,
        exposeAll,
        timeout,
        tools,
        redaction,
        remote,
        passthroughScopes,
        newSchemas);
  }

  /** {@link #passthroughScopes()}, or the default scope when none are given. */
  public List<String> passthroughScopesOrDefault() {
    return passthroughScopes.isEmpty()
        ? List.of(ToolgateNames.passthroughScope(namespace(), name()))
        : passthroughScopes;
  }

  public boolean outsideCluster() {
    return Boolean.TRUE.equals(remote);
  }

  public boolean exposesAll() {
    return Boolean.TRUE.equals(exposeAll);
  }

  public String namespace() {
    return id.substring(0, id.indexOf('/'));
  }

  public String name() {
    return id.substring(id.indexOf('/') + 1);
  }

  public Optional<ToolConfig> tool(String upstreamName) {
    return tools.stream().filter(t -> t.name().equals(upstreamName)).findFirst();
  }

  /** The pinned and recorded hash of a tool's definition, when the config names either. */
  public Optional<ToolSchema> schema(String upstreamName) {
    return schemas.stream().filter(s -> s.name().equals(upstreamName)).findFirst();
  }

  /** The exposed name of an upstream tool on the aggregated endpoint. */
  public String exposedName(String upstreamToolName) {
    return dev.toolgate.api.ToolgateNames.exposedName(toolPrefix, upstreamToolName);
  }
}
