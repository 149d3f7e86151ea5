package dev.toolgate.operator.routing;

import dev.toolgate.api.compiler.Violation;
import dev.toolgate.api.config.ScopeConfig;
import java.util.List;
import java.util.Optional;

/**
 * The compiler's verdict on one McpScope.
 *
 * @param generation the McpScope generation that was compiled
 * @param scope the scope as it is in force, or {@code null} when it is not
 * @param violations what the compiler found wrong with it
 * @param excluded why the scope was not compiled at all, or {@code null} when it was
 */
public record ScopeGrant(
    long generation, ScopeConfig scope, List<Violation> violations, Exclusion excluded) {

  public ScopeGrant {
    violations = List.copyOf(violations);
  }

  public ScopeGrant(long generation, ScopeConfig scope, List<Violation> violations) {
    this(generation, scope, violations, null);
  }

  public static ScopeGrant excluded(long generation, Exclusion why) {
    return new ScopeGrant(generation, null, List.of(), why);
  }

  public Optional<ScopeConfig> inForce() {
    return Optional.ofNullable(scope);
  }
}
