package dev.toolgate.gateway.transport;

import dev.toolgate.gateway.protocol.SseEvent;
import dev.toolgate.gateway.session.GatewaySession;
import dev.toolgate.gateway.session.NotificationStream;
import java.nio.charset.StandardCharsets;

/** The gateway's own GET stream of an aggregated session. */
final class SseNotificationStream implements NotificationStream {

  private static final byte[] KEEP_ALIVE = ":\n\n".getBytes(StandardCharsets.UTF_8);

  private final ResponseStream out;
  private final GatewaySession session;

  SseNotificationStream(ResponseStream out, GatewaySession session) {
    this.out = out;
    this.session = session;
  }

  @Override
  public void send(String jsonRpcNotification) {
    out.write(SseEvent.message(jsonRpcNotification).encode(), null);
  }

  /**
   * A comment line: keeps idle proxies and the connector's idle timeout from closing the stream.
   */
  void keepAlive() {
    out.write(KEEP_ALIVE, null);
  }

  boolean isClosed() {
    return out.isFinished();
  }

  @Override
  public void close() {
    session.streamClosed(this);
    out.finish(new byte[0]);
  }
}
