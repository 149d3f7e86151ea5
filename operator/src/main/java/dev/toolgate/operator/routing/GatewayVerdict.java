package dev.toolgate.operator.routing;

import java.util.List;

/**
 * Whether the gateway serves an McpTool's compiled route, from what the gateway reported on its
 * McpGateway.
 *
 * @param kind the outcome
 * @param compiledHash the config that holds the route as compiled now
 * @param loadedHash the config the gateway serves, or {@code null} before it loaded one
 * @param rejection the gateway's validation message when {@link Kind#REJECTED}
 * @param collisions tools of this upstream the gateway dropped because another upstream keeps their
 *     name, when {@link Kind#NAME_TAKEN}
 * @param schemas tools of this upstream whose definition the gateway found new, changed or gone
 */
public record GatewayVerdict(
    Kind kind,
    String compiledHash,
    String loadedHash,
    String rejection,
    List<NameCollision> collisions,
    List<SchemaSighting> schemas) {

  public enum Kind {
    /** The gateway has loaded a config holding this route as compiled now. */
    SERVED,
    /** It serves the route, but dropped some of its run-time tools: their names are taken. */
    NAME_TAKEN,
    /** It has not loaded a config holding the route yet. */
    AWAITING,
    /** It refused the config holding the route and serves an older one without it. */
    REJECTED
  }

  public GatewayVerdict {
    collisions = collisions == null ? List.of() : List.copyOf(collisions);
    schemas = schemas == null ? List.of() : List.copyOf(schemas);
  }

  /** A verdict without schema sightings. */
  public GatewayVerdict(
      Kind kind,
      String compiledHash,
      String loadedHash,
      String rejection,
      List<NameCollision> collisions) {
    this(kind, compiledHash, loadedHash, rejection, collisions, List.of());
  }

  /**
   * The definition a worker lists for a tool, as the gateway reported it.
   *
   * @param tool its name on the worker
   * @param schemaHash the hash of the definition listed now; {@code null}: no longer listed
   */
  public record SchemaSighting(String tool, String schemaHash) {}

  /**
   * A tool discovered at run time that the gateway does not expose.
   *
   * @param tool its name on the worker
   * @param exposedName the name it would have on the aggregated endpoint
   * @param owner the upstream ({@code <namespace>/<name>}) that keeps that name
   */
  public record NameCollision(String tool, String exposedName, String owner) {}

  public boolean served() {
    return kind == Kind.SERVED || kind == Kind.NAME_TAKEN;
  }
}
