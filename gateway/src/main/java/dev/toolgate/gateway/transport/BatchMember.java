package dev.toolgate.gateway.transport;

import dev.toolgate.gateway.protocol.McpHeaders;
import dev.toolgate.gateway.protocol.SseEvent;
import dev.toolgate.gateway.protocol.SseParser;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The answer to one message of a batch, as the endpoint writes it: status and headers of its own,
 * and its body read back as JSON-RPC messages (one JSON body, or the data of each event of an event
 * stream) handed on as they complete. Nothing reaches the client's response but through {@code
 * messages}.
 */
final class BatchMember extends Response.Wrapper {

  private final HttpFields.Mutable headers = HttpFields.build();
  private final Consumer<String> messages;
  private final ByteArrayOutputStream json = new ByteArrayOutputStream();
  private final int maxBytes;
  private SseParser events;
  private int status = 200;
  private boolean committed;
  private boolean last;

  /**
   * @param messages receives each JSON-RPC message of the answer, in order
   * @param maxBytes the largest answer (or event) kept, as for a message sent alone
   */
  BatchMember(Request request, Response batch, Consumer<String> messages, int maxBytes) {
    super(request, batch);
    this.messages = messages;
    this.maxBytes = maxBytes;
  }

  @Override
  public int getStatus() {
    return status;
  }

  @Override
  public void setStatus(int code) {
    status = code;
  }

  @Override
  public HttpFields.Mutable getHeaders() {
    return headers;
  }

  @Override
  public boolean isCommitted() {
    return committed;
  }

  @Override
  public boolean hasLastWrite() {
    return last;
  }

  @Override
  public boolean isCompletedSuccessfully() {
    return last;
  }

  @Override
  public void reset() {
    headers.clear();
    json.reset();
    status = 200;
  }

  @Override
  public void write(boolean lastWrite, ByteBuffer content, Callback callback) {
    committed = true;
    String type = headers.get(HttpHeader.CONTENT_TYPE);
    if (type != null && type.startsWith(McpHeaders.EVENT_STREAM)) {
      if (events == null) {
        events = new SseParser(this::event, maxBytes);
      }
      if (content != null) {
        try {
          events.feed(content);
        } catch (IllegalStateException tooLarge) {
          callback.failed(tooLarge);
          return;
        }
      }
    } else if (content != null && content.hasRemaining()) {
      if (json.size() + content.remaining() > maxBytes) {
        callback.failed(new IllegalStateException("a batch member's answer is too large"));
        return;
      }
      byte[] bytes = new byte[content.remaining()];
      content.get(bytes);
      json.writeBytes(bytes);
    }
    if (lastWrite) {
      last = true;
      if (events == null && json.size() > 0) {
        messages.accept(json.toString(StandardCharsets.UTF_8));
      }
    }
    callback.succeeded();
  }

  private void event(SseEvent event) {
    if (event.data() != null && !event.data().isBlank()) {
      messages.accept(event.data());
    }
  }
}
