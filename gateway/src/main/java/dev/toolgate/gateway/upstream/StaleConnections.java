package dev.toolgate.gateway.upstream;

import java.io.EOFException;
import java.nio.channels.ClosedChannelException;
import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.Result;

/**
 * Tells a stale pooled connection from a worker that failed a call. When a worker restarts, the
 * connections the gateway pooled to the old process are closed by it; a call that picks one in the
 * instant before the client notices meets a closed connection with no answer at all. The worker
 * never read that request, so it is safe to send again. A call that failed on a connection opened
 * for it, or after any answer began, is reported instead: it may have run.
 */
final class StaleConnections {

  private StaleConnections() {}

  /**
   * @param result a failed exchange that received no response headers
   * @param sentAtMillis when the request was handed to the client
   */
  static boolean isStale(Result result, long sentAtMillis) {
    if (!isClosedConnection(result.getFailure())) {
      return false;
    }
    Connection connection = result.getRequest().getConnection();
    // A connection created before this request was sent came from the pool: it carried an earlier
    // exchange, and the worker closed it while it sat idle.
    return connection instanceof org.eclipse.jetty.io.Connection io
        && io.getCreatedTimeStamp() < sentAtMillis;
  }

  private static boolean isClosedConnection(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof EOFException || cause instanceof ClosedChannelException) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }
}
