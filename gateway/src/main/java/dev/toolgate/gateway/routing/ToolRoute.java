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
 * @param definition the hash and hints of the tool's definition as its worker lists it
 */
public record ToolRoute(
    String exposedName,
    UpstreamConfig upstream,
    String upstreamName,
    ToolConfig policy,
    long timeoutMillis,
    ToolDefinition definition) {

  /** A route whose definition is not known. */
  public ToolRoute(
      String exposedName,
      UpstreamConfig upstream,
      String upstreamName,
      ToolConfig policy,
      long timeoutMillis) {
    this(exposedName, upstream, upstreamName, policy, timeoutMillis, ToolDefinition.UNKNOWN);
  }
}
