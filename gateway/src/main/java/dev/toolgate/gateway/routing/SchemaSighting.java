package dev.toolgate.gateway.routing;

/**
 * A tool whose definition, as its worker lists it, differs from what the config records for it:
 * new, changed, or gone. The gateway reports these so the operator records them.
 *
 * @param upstream the id of the upstream, {@code <namespace>/<name>}
 * @param tool the tool's name on its server
 * @param schemaHash the hash of the definition listed now; {@code null}: the server no longer lists
 *     the tool
 */
public record SchemaSighting(String upstream, String tool, String schemaHash) {}
