package dev.toolgate.gateway.transport;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;

/**
 * HTTP/1.1 connections that read and handle requests on the selector thread that saw the bytes
 * arrive. Jetty declares a connection's read callback blocking, so by default every request is
 * handed from the selector to a pool thread; profiling the gateway at 32 sessions put those
 * hand-offs (futex wake-ups and context switches) among its largest costs. The gateway's handler
 * never blocks ({@link GatewayHandler}), so the hand-off buys nothing.
 */
public final class SelectorHttpConnectionFactory extends HttpConnectionFactory {

  public SelectorHttpConnectionFactory(HttpConfiguration configuration) {
    super(configuration);
  }

  @Override
  public Connection newConnection(Connector connector, EndPoint endPoint) {
    HttpConnection connection = new OnSelector(getHttpConfiguration(), connector, endPoint);
    connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
    return configure(connection, connector, endPoint);
  }

  /** An {@link HttpConnection} whose read interest is registered as non-blocking. */
  private static final class OnSelector extends HttpConnection {

    private final Callback fillable =
        new Callback() {
          @Override
          public void succeeded() {
            onFillable();
          }

          @Override
          public void failed(Throwable cause) {
            onFillInterestedFailed(cause);
          }

          @Override
          public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
          }
        };

    OnSelector(HttpConfiguration configuration, Connector connector, EndPoint endPoint) {
      super(configuration, connector, endPoint);
    }

    @Override
    public void fillInterested() {
      getEndPoint().fillInterested(fillable);
    }
  }
}
