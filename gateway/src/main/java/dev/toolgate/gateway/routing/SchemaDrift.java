package dev.toolgate.gateway.routing;

/**
 * A pinned tool whose worker now lists another definition: withheld from every {@code tools/list}
 * and refused on {@code tools/call} until the new hash is approved.
 *
 * @param upstream the id of the upstream, {@code <namespace>/<name>}
 * @param tool the tool's name on its server
 * @param exposedName its name on the aggregated endpoint
 * @param pinned the approved schema hash
 * @param listed the schema hash of the definition the server lists now
 */
public record SchemaDrift(
    String upstream, String tool, String exposedName, String pinned, String listed) {

  /** For the caller refused and for logs: what is withheld, and both hashes. */
  public String describe(String calledAs) {
    return "Tool "
        + calledAs
        + " is withheld: its server now lists a definition ("
        + listed
        + ") other than the approved one ("
        + pinned
        + "); it is served again once the new definition is approved";
  }
}
