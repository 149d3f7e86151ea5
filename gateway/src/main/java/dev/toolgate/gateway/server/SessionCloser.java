package dev.toolgate.gateway.server;

import dev.toolgate.gateway.session.GatewaySession;
import dev.toolgate.gateway.session.NotificationStream;
import dev.toolgate.gateway.upstream.ForwardedHeaders;
import dev.toolgate.gateway.upstream.UpstreamHttp;
import dev.toolgate.gateway.upstream.UpstreamSession;
import org.eclipse.jetty.http.HttpFields;

/**
 * Ends a session that was deleted or expired: its stream closes and each worker session it held is
 * ended with a DELETE (in the background), so workers free what they kept for it.
 */
public final class SessionCloser {

  private final UpstreamHttp http;

  public SessionCloser(UpstreamHttp http) {
    this.http = http;
  }

  /** Closes a session the registry no longer holds. */
  public void close(GatewaySession session, HttpFields clientHeaders) {
    NotificationStream stream = session.stream();
    if (stream != null) {
      stream.close();
    }
    session.closeListeners();
    ForwardedHeaders headers =
        clientHeaders == null ? ForwardedHeaders.NONE : ForwardedHeaders.from(clientHeaders);
    for (UpstreamSession upstream : session.workers().drain()) {
      http.delete(
              upstream.url(),
              upstream.sessionId(),
              headers.withProtocolVersion(upstream.protocolVersion()))
          .send(result -> {});
    }
  }
}
