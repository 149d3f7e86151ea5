package dev.toolgate.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.gateway.canonical.CanonicalJson;
import dev.toolgate.gateway.canonical.Digests;

/**
 * What the gateway keeps of a tool's definition as its worker lists it: a hash of its canonical
 * JSON (a changed definition — schema, description, annotations — gets a new hash, so results
 * cached under the old one are never served for it) and the hints that allow caching.
 *
 * @param hash {@code sha256:<hex>} of the definition's canonical JSON
 * @param readOnlyHint the worker marks the tool {@code annotations.readOnlyHint: true}
 * @param idempotentHint the worker marks the tool {@code annotations.idempotentHint: true}
 */
public record ToolDefinition(String hash, boolean readOnlyHint, boolean idempotentHint) {

  /** For routes built without a definition (tests, older callers). */
  public static final ToolDefinition UNKNOWN = new ToolDefinition("sha256:unknown", false, false);

  public static ToolDefinition of(JsonNode definition) {
    JsonNode annotations = definition.path("annotations");
    return new ToolDefinition(
        "sha256:" + Digests.sha256(CanonicalJson.of(definition)),
        annotations.path("readOnlyHint").asBoolean(false),
        annotations.path("idempotentHint").asBoolean(false));
  }

  /** The worker says calls have no side effects beyond the first. */
  public boolean hintsCacheable() {
    return readOnlyHint || idempotentHint;
  }
}
