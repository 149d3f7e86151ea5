package dev.toolgate.gateway.protocol;

import java.nio.charset.StandardCharsets;

/**
 * One JSON-RPC message as the gateway sees it: the original bytes plus the few fields routing and
 * policy need, with their byte positions so a field can be replaced without re-serializing the
 * message (the hot path forwards bytes).
 *
 * @param bytes the message exactly as received
 * @param kind request, notification or response
 * @param method the method, {@code null} for responses
 * @param rawId the id as JSON text ({@code "abc"}, {@code 7}), {@code null} for notifications
 * @param idStart byte offset of the id value, -1 when absent
 * @param idEnd byte offset just past the id value
 * @param paramsName {@code params.name} (the tool of a {@code tools/call}), or {@code null}
 * @param nameStart byte offset of the {@code params.name} string token, -1 when absent
 * @param nameEnd byte offset just past that token
 */
public record JsonRpcMessage(
    byte[] bytes,
    Kind kind,
    String method,
    String rawId,
    int idStart,
    int idEnd,
    String paramsName,
    int nameStart,
    int nameEnd) {

  public enum Kind {
    REQUEST,
    NOTIFICATION,
    RESPONSE
  }

  public boolean isRequest() {
    return kind == Kind.REQUEST;
  }

  public boolean is(String methodName) {
    return methodName.equals(method);
  }

  /** The bytes with {@code params.name} replaced by another string. */
  public byte[] withParamsName(String newName) {
    return splice(nameStart, nameEnd, JsonText.quote(newName));
  }

  /** The bytes with the id replaced by other JSON text. */
  public byte[] withRawId(String newRawId) {
    return splice(idStart, idEnd, newRawId);
  }

  private byte[] splice(int start, int end, String replacement) {
    if (start < 0) {
      throw new IllegalStateException("the message has no such field");
    }
    byte[] insert = replacement.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[bytes.length - (end - start) + insert.length];
    System.arraycopy(bytes, 0, out, 0, start);
    System.arraycopy(insert, 0, out, start, insert.length);
    System.arraycopy(bytes, end, out, start + insert.length, bytes.length - end);
    return out;
  }
}
