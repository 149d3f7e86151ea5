package dev.toolgate.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Locale;

/**
 * Tells a worker's "I do not know this session" apart from other 400s. The spec says 404; the
 * TypeScript SDK's servers answer 400 "Bad Request: No valid session ID provided" or "Server not
 * initialized" after a restart, as do Python SDK servers of some versions. Those words are the only
 * signal, so they are matched in the JSON-RPC error message alone.
 */
final class LostSessions {

  private static final ObjectMapper JSON = new ObjectMapper();

  private LostSessions() {}

  static boolean saysSessionIsGone(byte[] body) {
    if (body.length == 0 || body.length > 4096) {
      return false;
    }
    try {
      JsonNode error = JSON.readTree(body).path("error");
      String message = error.path("message").asText("").toLowerCase(Locale.ROOT);
      return message.contains("session id")
          || message.contains("session not found")
          || message.contains("not initialized")
          || message.contains("unknown session")
          || message.contains("invalid session");
    } catch (IOException e) {
      return false;
    }
  }
}
