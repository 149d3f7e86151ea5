package dev.toolgate.gateway.protocol;

import java.nio.charset.StandardCharsets;

/**
 * One server-sent event. A comment-only block (keep-alive) has {@code comment != null} and no data.
 *
 * @param id the {@code id:} field or {@code null}
 * @param event the {@code event:} field or {@code null}
 * @param retry the {@code retry:} field or {@code null}
 * @param data the {@code data:} lines joined by newlines, or {@code null} when there were none
 * @param comment the text of the first comment line, or {@code null}
 */
public record SseEvent(String id, String event, String retry, String data, String comment) {

  public static SseEvent message(String data) {
    return new SseEvent(null, null, null, data, null);
  }

  public SseEvent withId(String newId) {
    return new SseEvent(newId, event, retry, data, comment);
  }

  public SseEvent withData(String newData) {
    return new SseEvent(id, event, retry, newData, comment);
  }

  /** The event in wire format, ending with the blank line that dispatches it. */
  public byte[] encode() {
    StringBuilder out = new StringBuilder(data == null ? 32 : data.length() + 32);
    if (comment != null) {
      out.append(':').append(comment).append('\n');
    }
    if (id != null) {
      out.append("id: ").append(id).append('\n');
    }
    if (event != null) {
      out.append("event: ").append(event).append('\n');
    }
    if (retry != null) {
      out.append("retry: ").append(retry).append('\n');
    }
    if (data != null) {
      int from = 0;
      int newline;
      while ((newline = data.indexOf('\n', from)) >= 0) {
        out.append("data: ").append(data, from, newline).append('\n');
        from = newline + 1;
      }
      out.append("data: ").append(data, from, data.length()).append('\n');
    }
    out.append('\n');
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }
}
