package dev.toolgate.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.gateway.canonical.CanonicalJson;
import dev.toolgate.gateway.canonical.Digests;

/**
 * What the gateway keeps of a tool's definition as its worker lists it: its schema hash (a changed
 * definition gets a new hash, so results cached under the old one are never served for it, and a
 * pinned tool whose hash moves is withheld) and the hints that allow caching.
 *
 * @param hash the schema hash, {@code sha256:<64 hex>}: see {@link #schemaHash}
 * @param readOnlyHint the worker marks the tool {@code annotations.readOnlyHint: true}
 * @param idempotentHint the worker marks the tool {@code annotations.idempotentHint: true}
 */
public record ToolDefinition(String hash, boolean readOnlyHint, boolean idempotentHint) {

  /** For routes built without a definition (tests, older callers). */
  public static final ToolDefinition UNKNOWN = new ToolDefinition("sha256:unknown", false, false);

  public static ToolDefinition of(JsonNode definition) {
    JsonNode annotations = definition.path("annotations");
    return new ToolDefinition(
        schemaHash(definition),
        annotations.path("readOnlyHint").asBoolean(false),
        annotations.path("idempotentHint").asBoolean(false));
  }

  /**
   * The SHA-256 of the canonical JSON of what a tool means to a model and a client: its name,
   * description, inputSchema, outputSchema and annotations. Spelling (key order, whitespace, number
   * notation) does not count; {@code title}, {@code icons} and {@code _meta} do not either, so a
   * worker may change how it presents a tool without the tool drifting.
   */
  public static String schemaHash(JsonNode definition) {
    ObjectNode meaning = JsonNodeFactory.instance.objectNode();
    for (String field : SCHEMA_FIELDS) {
      JsonNode value = definition.get(field);
      if (value != null) {
        meaning.set(field, value);
      }
    }
    return "sha256:" + Digests.sha256Of(CanonicalJson.of(meaning));
  }

  private static final String[] SCHEMA_FIELDS = {
    "name", "description", "inputSchema", "outputSchema", "annotations"
  };

  /** The worker says calls have no side effects beyond the first. */
  public boolean hintsCacheable() {
    return readOnlyHint || idempotentHint;
  }
}
