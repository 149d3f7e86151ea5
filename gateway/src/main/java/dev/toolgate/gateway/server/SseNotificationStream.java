package dev.toolgate.gateway.server;

import dev.toolgate.gateway.http.ResponseStream;
import dev.toolgate.gateway.protocol.SseEvent;
import dev.toolgate.gateway.session.GatewaySession;
import dev.toolgate.gateway.session.NotificationStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** The gateway's own GET stream of an aggregated session. */
final class SseNotificationStream implements NotificationStream {

  private static final byte[] KEEP_ALIVE = ":\n\n".getBytes(StandardCharsets.UTF_8);

  private final GatewaySession session;
  private final Instant openedAt;
  private volatile ResponseStream out;
  private volatile boolean closed;

  SseNotificationStream(GatewaySession session, Instant openedAt) {
    this.session = session;
    this.openedAt = openedAt;
  }

  /** Connects the stream to its HTTP response, once the session accepted it. */
  void attach(ResponseStream response) {
    out = response;
    if (closed) {
      response.finish(new byte[0]);
    }
  }

  Instant openedAt() {
    return openedAt;
  }

  @Override
  public void send(String jsonRpcNotification) {
    ResponseStream current = out;
    if (current != null) {
      current.write(SseEvent.message(jsonRpcNotification).encode(), null);
    }
  }

  /**
   * A comment line: keeps idle proxies and the connector's idle timeout from closing the stream,
   * and finds clients that left (the write fails).
   */
  void keepAlive() {
    ResponseStream current = out;
    if (current != null) {
      current.write(KEEP_ALIVE, null);
    }
  }

  boolean isClosed() {
    ResponseStream current = out;
    return closed || (current != null && current.isFinished());
  }

  @Override
  public void close() {
    closed = true;
    session.streamClosed(this);
    ResponseStream current = out;
    if (current != null) {
      current.finish(new byte[0]);
    }
  }
}
