package dev.toolgate.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;

/**
 * Status patches in the server-side apply way: a fresh object with only name, namespace and the
 * status, sent only when the status differs from the one in the cache.
 */
final class StatusPatches {

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private StatusPatches() {}

  /** Compares as JSON: the status classes have no equals, and JSON is what the server stores. */
  static boolean isSame(Object current, Object computed) {
    if (current == null || computed == null) {
      return current == computed;
    }
    JsonNode a = JSON.valueToTree(current);
    JsonNode b = JSON.valueToTree(computed);
    return a.equals(b);
  }

  /** A deep copy, so a status from the cache can be changed without touching the cache. */
  static <S> S copy(S status, Class<S> type) {
    return status == null ? null : JSON.convertValue(status, type);
  }

  static <S, R extends CustomResource<?, S>> R forStatus(R primary, R fresh, S status) {
    fresh.setMetadata(
        new ObjectMetaBuilder()
            .withName(primary.getMetadata().getName())
            .withNamespace(primary.getMetadata().getNamespace())
            .build());
    fresh.setStatus(status);
    return fresh;
  }
}
