package dev.toolgate.gateway.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * An incremental parser of a {@code text/event-stream} body (WHATWG HTML, "Server-sent events"):
 * feed it bytes as they arrive, it hands out each event once its terminating blank line is seen.
 * Not thread-safe; one per stream.
 */
public final class SseParser {

  private final Consumer<SseEvent> sink;
  private final int maxEventBytes;
  private byte[] line = new byte[256];
  private int lineLength;
  private boolean lastWasCr;
  private int eventBytes;

  private String id;
  private String event;
  private String retry;
  private StringBuilder data;
  private String comment;

  /**
   * @param sink receives each complete event
   * @param maxEventBytes the largest event accepted; a bigger one fails the stream
   */
  public SseParser(Consumer<SseEvent> sink, int maxEventBytes) {
    this.sink = sink;
    this.maxEventBytes = maxEventBytes;
  }

  /**
   * Consumes all remaining bytes of the buffer. Runs between line ends are copied in bulk: a
   * byte-at-a-time copy cost about as much as the rest of relaying a small answer.
   */
  public void feed(ByteBuffer buffer) {
    int limit = buffer.limit();
    while (buffer.hasRemaining()) {
      int start = buffer.position();
      int end = start;
      while (end < limit && buffer.get(end) != '\n' && buffer.get(end) != '\r') {
        end++;
      }
      int run = end - start;
      if (run > 0) {
        lastWasCr = false;
        eventBytes += run;
        if (eventBytes > maxEventBytes) {
          throw new IllegalStateException(
              "server-sent event larger than " + maxEventBytes + " bytes");
        }
        if (lineLength + run > line.length) {
          line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + run));
        }
        buffer.get(start, line, lineLength, run);
        lineLength += run;
      }
      if (end == limit) {
        buffer.position(limit);
        return;
      }
      byte lineEnd = buffer.get(end);
      buffer.position(end + 1);
      if (lineEnd == '\n' && lastWasCr) {
        lastWasCr = false;
        continue;
      }
      lastWasCr = lineEnd == '\r';
      endLine();
    }
  }

  private void endLine() {
    String text = new String(line, 0, lineLength, StandardCharsets.UTF_8);
    lineLength = 0;
    if (text.isEmpty()) {
      dispatch();
      return;
    }
    int colon = text.indexOf(':');
    if (colon == 0) {
      if (comment == null) {
        comment = text.substring(1);
      }
      return;
    }
    String field = colon < 0 ? text : text.substring(0, colon);
    String value = colon < 0 ? "" : text.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    switch (field) {
      case "data" -> {
        if (data == null) {
          data = new StringBuilder(value);
        } else {
          data.append('\n').append(value);
        }
      }
      case "id" -> id = value;
      case "event" -> event = value;
      case "retry" -> retry = value;
      default -> {
        // Unknown fields are ignored, as the standard says.
      }
    }
  }

  private void dispatch() {
    if (id != null || event != null || retry != null || data != null || comment != null) {
      sink.accept(new SseEvent(id, event, retry, data == null ? null : data.toString(), comment));
    }
    id = null;
    event = null;
    retry = null;
    data = null;
    comment = null;
    eventBytes = 0;
  }
}
