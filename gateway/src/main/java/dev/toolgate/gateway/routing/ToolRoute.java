package dev.toolgate.gateway.routing;

import dev.toolgate.api.config.ToolConfig;
import dev.toolgate.api.config.UpstreamConfig;

/**
 * Where a tool of the aggregated endpoint lives.
 *
 * @param exposedName the name callers use
 * @param upstream the worker that owns it
 * @param upstreamName the name the worker knows it by
 * @param policy the tool's policy, {@code null} for a tool exposed through {@code exposeAll}
 * @param timeoutMillis the per-call timeout: the tool's, else the worker's, else the default
 * @param scopes every scope that grants the tool, sorted: the config's (the tool's own plus
 *     McpScopes that include it), or {@code <prefix>.<tool>} when the config names none
 * @param listEntry the tool's entry in the aggregated {@code tools/list}, as JSON text
 * @param definition the hash and hints of the tool's definition as its worker lists it
 */
public record ToolRoute(
    String exposedName,
    UpstreamConfig upstream,
    String upstreamName,
    ToolConfig policy,
    long timeoutMillis,
    java.util.List<String> scopes,
    String listEntry,
    ToolDefinition definition) {

  public ToolRoute {
    scopes = java.util.List.copyOf(scopes);
  }

  /** A route whose definition is not known. */
  public ToolRoute(
      String exposedName,
      UpstreamConfig upstream,
      String upstreamName,
      ToolConfig policy,
      long timeoutMillis,
      java.util.List<String> scopes,
      String listEntry) {
    this(
        exposedName,
        upstream,
        upstreamName,
        policy,
        timeoutMillis,
        scopes,
        listEntry,
        ToolDefinition.UNKNOWN);
  }
}
