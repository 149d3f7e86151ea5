package dev.toolgate.api.compiler;

import dev.toolgate.api.config.GatewayConfig;
import java.util.List;

/** The compiled config and every violation found on the way. */
public record CompileResult(GatewayConfig config, List<Violation> violations) {

  public CompileResult {
    violations = List.copyOf(violations);
  }

  public List<Violation> violationsFor(ResourceRef resource) {
    return violations.stream().filter(v -> v.resource().equals(resource)).toList();
  }

  public boolean isClean() {
    return violations.isEmpty();
  }
}
