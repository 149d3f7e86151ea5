package dev.toolgate.gateway.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * An incremental parser of a {@code text/event-stream} body (WHATWG HTML, "Server-sent events"):
 * feed it bytes as they arrive, it hands out each event once its terminating blank line is seen.
 * Not thread-safe; one per stream.
 */
public final class SseParser {

  private final Consumer<SseEvent> sink;
  private final int maxEventBytes;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
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

  /** Consumes all remaining bytes of the buffer. */
  public void feed(ByteBuffer buffer) {
    while (buffer.hasRemaining()) {
      byte b = buffer.get();
      if (b == '\n') {
        if (lastWasCr) {
          lastWasCr = false;
          continue;
        }
        endLine();
      } else if (b == '\r') {
        lastWasCr = true;
        endLine();
      } else {
        lastWasCr = false;
        line.write(b);
        if (++eventBytes > maxEventBytes) {
          throw new IllegalStateException(
              "server-sent event larger than " + maxEventBytes + " bytes");
        }
      }
    }
  }

  private void endLine() {
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
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
