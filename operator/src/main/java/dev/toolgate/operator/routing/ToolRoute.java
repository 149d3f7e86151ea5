package dev.toolgate.operator.routing;

import dev.toolgate.api.compiler.Violation;
import dev.toolgate.api.config.UpstreamConfig;
import java.util.List;
import java.util.Optional;

/**
 * The compiler's verdict on one McpTool.
 *
 * @param generation the McpTool generation that was compiled
 * @param upstream the route in the gateway config, or {@code null} when the tool is not routed
 * @param violations what the compiler found wrong with the tool
 */
public record ToolRoute(long generation, UpstreamConfig upstream, List<Violation> violations) {

  public ToolRoute {
    violations = List.copyOf(violations);
  }

  public Optional<UpstreamConfig> route() {
    return Optional.ofNullable(upstream);
  }
}
