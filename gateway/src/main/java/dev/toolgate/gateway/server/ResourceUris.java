package dev.toolgate.gateway.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.gateway.routing.WorkerAddresses;
import java.io.IOException;

/**
 * Puts the resource URIs of a worker's answer under their aggregated form, so what a client reads
 * on {@code /mcp} it can read again there: the {@code contents} of {@code resources/read}, and the
 * embedded resources and resource links of {@code prompts/get} messages.
 */
final class ResourceUris {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ResourceUris() {}

  /**
   * @param field {@code contents} (a resources/read result) or {@code messages} (a prompts/get
   *     result)
   */
  static byte[] aggregated(byte[] answer, UpstreamConfig worker, String field) {
    JsonNode message;
    try {
      message = JSON.readTree(answer);
    } catch (IOException e) {
      return answer; // the relay checked it is one JSON-RPC message
    }
    boolean changed = false;
    for (JsonNode item : message.path("result").path(field)) {
      JsonNode content = "messages".equals(field) ? item.path("content") : item;
      JsonNode holder =
          "resource".equals(content.path("type").asText()) ? content.path("resource") : content;
      if (holder instanceof ObjectNode object && object.path("uri").isTextual()) {
        object.put("uri", WorkerAddresses.resourceUri(worker, object.get("uri").asText()));
        changed = true;
      }
    }
    if (!changed) {
      return answer;
    }
    try {
      return JSON.writeValueAsBytes(message);
    } catch (IOException e) {
      throw new IllegalStateException("a tree always serializes", e);
    }
  }
}
