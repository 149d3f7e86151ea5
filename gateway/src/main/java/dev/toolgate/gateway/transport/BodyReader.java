package dev.toolgate.gateway.transport;

import dev.toolgate.gateway.protocol.JsonRpcErrors;
import dev.toolgate.gateway.protocol.JsonRpcException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * Reads a request body without holding a thread: chunks are taken as they arrive (a small MCP
 * request is usually complete with its headers, so the continuation runs at once on the I/O
 * thread). Refuses bodies over the limit with 413 as soon as the limit is crossed.
 */
final class BodyReader implements Runnable {

  /** What to do with the complete body; may throw to answer with an error. */
  @FunctionalInterface
  interface Continuation {
    void accept(byte[] body) throws JsonRpcException;
  }

  /** Where a failed read or a refused continuation goes. */
  @FunctionalInterface
  interface Failure {
    void accept(JsonRpcException error);
  }

  private static final int INITIAL_BUFFER = 16 * 1024;

  private final Request request;
  private final int max;
  private final Continuation next;
  private final Failure failure;
  private byte[] bytes;
  private int size;

  private BodyReader(Request request, int max, Continuation next, Failure failure) {
    this.request = request;
    this.max = max;
    this.next = next;
    this.failure = failure;
  }

  static void read(Request request, int max, Continuation next, Failure failure) {
    long declared = request.getLength();
    if (declared > max) {
      failure.accept(tooLarge(max));
      return;
    }
    BodyReader reader = new BodyReader(request, max, next, failure);
    // The buffer grows as bytes arrive: a declared length is a claim, not memory to hand out.
    reader.bytes = new byte[declared > 0 ? (int) Math.min(declared, INITIAL_BUFFER) : 1024];
    reader.run();
  }

  @Override
  public void run() {
    while (true) {
      Content.Chunk chunk = request.read();
      if (chunk == null) {
        request.demand(Invocable.from(Invocable.InvocationType.NON_BLOCKING, this));
        return;
      }
      if (Content.Chunk.isFailure(chunk)) {
        failure.accept(
            new JsonRpcException(
                chunk.getFailure() instanceof java.util.concurrent.TimeoutException ? 408 : 400,
                JsonRpcErrors.PARSE_ERROR,
                "Parse error: the body did not arrive (too slow or cut off)"));
        return;
      }
      ByteBuffer buffer = chunk.getByteBuffer();
      int length = buffer.remaining();
      if (size + length > max) {
        chunk.release();
        failure.accept(tooLarge(max));
        return;
      }
      if (size + length > bytes.length) {
        byte[] grown = new byte[Math.min(max, Math.max(bytes.length * 2, size + length))];
        System.arraycopy(bytes, 0, grown, 0, size);
        bytes = grown;
      }
      buffer.get(bytes, size, length);
      size += length;
      boolean last = chunk.isLast();
      chunk.release();
      if (last) {
        complete();
        return;
      }
    }
  }

  private void complete() {
    if (size == 0) {
      failure.accept(
          new JsonRpcException(400, JsonRpcErrors.PARSE_ERROR, "Parse error: empty body"));
      return;
    }
    byte[] body = size == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, size);
    try {
      next.accept(body);
    } catch (JsonRpcException e) {
      failure.accept(e);
    }
  }

  static JsonRpcException tooLarge(int max) {
    return new JsonRpcException(
        413,
        JsonRpcErrors.INVALID_REQUEST,
        "Payload Too Large: a request body may have at most " + max + " bytes");
  }
}
