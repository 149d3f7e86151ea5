package dev.toolgate.gateway.server;

import dev.toolgate.gateway.http.ResponseStream;
import dev.toolgate.gateway.protocol.SseEvent;
import dev.toolgate.gateway.session.GatewaySession;
import dev.toolgate.gateway.session.NotificationStream;
import dev.toolgate.gateway.upstream.WorkerListener;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The gateway's own GET stream of an aggregated session: its notifications, and what the session's
 * workers send on their streams (requests to the client under gateway ids).
 */
final class SseNotificationStream implements NotificationStream, WorkerListener.Sink {

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

  boolean isAttached() {
    return out != null;
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

  /** A worker's event: only its message travels (a worker's keep-alives and event ids do not). */
  @Override
  public void send(SseEvent event, Runnable then) {
    ResponseStream current = out;
    if (current == null || event.data() == null) {
      if (then != null) {
        then.run();
      }
      return;
    }
    current.write(SseEvent.message(event.data()).encode(), then);
  }

  /** One worker's stream ended; the others and the gateway's own messages go on. */
  @Override
  public void ended() {}

  /**
   * A comment line: keeps idle proxies and the connector's idle timeout from closing the stream,
   * and finds clients that left (the write fails).
   */
  public void keepAlive() {
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
    // The workers' streams end with the client's: a client that left holds no worker connection.
    session.closeListeners();
    ResponseStream current = out;
    if (current != null) {
      current.finish(new byte[0]);
    }
  }
}
