package dev.toolgate.gateway.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.gateway.protocol.JsonRpcErrors;
import dev.toolgate.gateway.protocol.JsonRpcException;
import dev.toolgate.gateway.session.GatewaySession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cursors of the aggregated lists: which worker the next page comes from and that worker's own
 * cursor. A cursor is sealed with an HMAC over the session id and the list method under a key of
 * this gateway process, so a client can neither make one up (and steer the gateway to a worker or a
 * worker cursor of its choosing) nor use one from another session or another list. Cursors do not
 * outlive the process, as the sessions they belong to do not.
 */
final class ListCursors {

  /** Where a list continues: the worker's id and its cursor, {@code null} for its first page. */
  record Position(String upstreamId, String workerCursor) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODE = Base64.getUrlDecoder();

  private final SecretKeySpec key;

  ListCursors() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    key = new SecretKeySpec(secret, "HmacSHA256");
  }

  String write(GatewaySession session, String method, Position position) {
    ObjectNode payload = JSON.createObjectNode().put("u", position.upstreamId());
    if (position.workerCursor() != null) {
      payload.put("c", position.workerCursor());
    }
    String body = ENCODE.encodeToString(payload.toString().getBytes(StandardCharsets.UTF_8));
    return body + '.' + ENCODE.encodeToString(seal(session, method, body));
  }

  /** The position a cursor of this session and list holds; an invalid-params error otherwise. */
  Position read(String cursor, GatewaySession session, String method, String rawId)
      throws JsonRpcException {
    int dot = cursor.indexOf('.');
    if (dot > 0) {
      String body = cursor.substring(0, dot);
      try {
        byte[] mac = DECODE.decode(cursor.substring(dot + 1));
        if (MessageDigest.isEqual(mac, seal(session, method, body))) {
          JsonNode payload = JSON.readTree(DECODE.decode(body));
          return new Position(
              payload.path("u").asText(),
              payload.hasNonNull("c") ? payload.get("c").asText() : null);
        }
      } catch (IllegalArgumentException | IOException malformed) {
        // refused below like any cursor this gateway did not give this session
      }
    }
    throw invalid(method, rawId);
  }

  static JsonRpcException invalid(String method, String rawId) {
    return new JsonRpcException(
        200,
        JsonRpcErrors.INVALID_PARAMS,
        "Invalid params: the cursor was not given by this session's " + method,
        rawId);
  }

  private byte[] seal(GatewaySession session, String method, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(
          (session.id() + '\n' + method + '\n' + body).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is in every JDK", e);
    }
  }
}
