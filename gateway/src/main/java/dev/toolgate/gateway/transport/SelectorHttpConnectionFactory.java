package dev.toolgate.gateway.transport;

import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * HTTP/1.1 connections that wait for a client's next request without a thread hand-off.
 *
 * <p>When a response completes on another thread than the one that handled the request (always so
 * here: the worker's answer is relayed on the upstream client's selector thread), Jetty 12.1 hands
 * the connection to a pool thread to read on, which at 32 sessions woke a parked pool thread for
 * every call, only for it to find no bytes yet and register read interest. {@link #threadPool()}
 * instead registers read interest right away when nothing is buffered, as Jetty's own {@code
 * onOpen} does, and as a selector-thread (non-blocking) read, which the gateway's handler allows:
 * it never blocks ({@link GatewayHandler}).
 */
public final class SelectorHttpConnectionFactory extends HttpConnectionFactory {

  public SelectorHttpConnectionFactory(HttpConfiguration configuration) {
    super(configuration);
  }

  /** The server's thread pool, resuming idle connections of this factory without a hand-off. */
  public static ResumingThreadPool threadPool() {
    return new ResumingThreadPool();
  }

  /** A pool that resumes idle connections of this factory on the caller's (selector) thread. */
  public static final class ResumingThreadPool extends QueuedThreadPool {
    private final AtomicLong resumedOnSelector = new AtomicLong();

    @Override
    public void execute(Runnable task) {
      if (task instanceof OnSelector connection && connection.isRequestBufferEmpty()) {
        resumedOnSelector.incrementAndGet();
        connection.fillInterested();
        return;
      }
      super.execute(task);
    }

    /**
     * How many connections were resumed without a hand-off: zero means the trick stopped working.
     */
    public long resumedOnSelector() {
      return resumedOnSelector.get();
    }
  }

  @Override
  public Connection newConnection(Connector connector, EndPoint endPoint) {
    HttpConnection connection = new OnSelector(getHttpConfiguration(), connector, endPoint);
    connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
    return configure(connection, connector, endPoint);
  }

  /** An {@link HttpConnection} whose read interest, registered from outside, is non-blocking. */
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
