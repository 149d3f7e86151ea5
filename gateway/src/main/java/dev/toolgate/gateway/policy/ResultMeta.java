package dev.toolgate.gateway.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Entries the gateway adds to a result's {@code _meta} (the remaining budget, a cache hit), keeping
 * what the worker put there. Errors get nothing.
 */
final class ResultMeta {

  /** The caller's remaining budgets after this call, one entry per budgeted scope. */
  static final String BUDGET = "dev.toolgate/budget";

  /**
   * {@code hit} when the result came from the cache, {@code coalesced} when from an identical call
   * in flight.
   */
  static final String CACHE = "dev.toolgate/cache";

  private final Map<String, JsonNode> entries = new LinkedHashMap<>();

  void put(String key, JsonNode value) {
    entries.put(key, value);
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  /** A response message with the entries in its result's {@code _meta}; errors unchanged. */
  byte[] applyToResponse(byte[] response) {
    if (entries.isEmpty()) {
      return response;
    }
    try {
      JsonNode message = PolicyErrors.JSON.readTree(response);
      if (!(message.get("result") instanceof ObjectNode result)) {
        return response;
      }
      addTo(result);
      return PolicyErrors.JSON.writeValueAsBytes(message);
    } catch (IOException e) {
      return response;
    }
  }

  /** A response carrying {@code resultJson} (a result object as JSON text) under {@code rawId}. */
  byte[] response(String rawId, String resultJson, Map<String, JsonNode> extra) {
    try {
      ObjectNode result = (ObjectNode) PolicyErrors.JSON.readTree(resultJson);
      extra.forEach(meta(result)::set);
      addTo(result);
      ObjectNode message = PolicyErrors.JSON.createObjectNode();
      message.put("jsonrpc", "2.0");
      message.set("id", PolicyErrors.JSON.readTree(rawId));
      message.set("result", result);
      return PolicyErrors.JSON.writeValueAsBytes(message);
    } catch (IOException e) {
      throw new IllegalStateException("a stored result is always a JSON object", e);
    }
  }

  private void addTo(ObjectNode result) {
    ObjectNode meta = meta(result);
    entries.forEach(meta::set);
  }

  private static ObjectNode meta(ObjectNode result) {
    return result.get("_meta") instanceof ObjectNode existing
        ? existing
        : result.putObject("_meta");
  }
}
