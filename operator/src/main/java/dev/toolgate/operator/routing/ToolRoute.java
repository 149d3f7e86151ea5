package dev.toolgate.operator.routing;

import dev.toolgate.api.compiler.Violation;
import dev.toolgate.api.config.UpstreamConfig;
import java.util.List;
import java.util.Optional;

/**
 * The compiler's and the gateway's verdict on one McpTool.
 *
 * @param generation the McpTool generation that was compiled
 * @param upstream the route in the gateway config, or {@code null} when the tool is not routed
 * @param violations what the compiler found wrong with the tool
 * @param gateway whether the gateway serves {@code upstream}; {@code null} when there is no route
 *     or nothing is known of the gateway
 * @param excluded why the tool was not compiled at all, or {@code null} when it was
 */
public record ToolRoute(
    long generation,
    UpstreamConfig upstream,
    List<Violation> violations,
    GatewayVerdict gateway,
    Exclusion excluded) {

  public ToolRoute {
    violations = List.copyOf(violations);
  }

  /** A compiled tool before anything is known of the gateway. */
  public ToolRoute(long generation, UpstreamConfig upstream, List<Violation> violations) {
    this(generation, upstream, violations, null, null);
  }

  public static ToolRoute excluded(long generation, Exclusion why) {
    return new ToolRoute(generation, null, List.of(), null, why);
  }

  public Optional<UpstreamConfig> route() {
    return Optional.ofNullable(upstream);
  }

  public ToolRoute withGateway(GatewayVerdict verdict) {
    return new ToolRoute(generation, upstream, violations, verdict, excluded);
  }
}
