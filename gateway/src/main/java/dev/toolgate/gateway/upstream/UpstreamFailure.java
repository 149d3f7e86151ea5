package dev.toolgate.gateway.upstream;

import dev.toolgate.gateway.protocol.JsonRpcErrors;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Why a worker call failed, as the JSON-RPC error the caller gets. Messages name the worker by its
 * McpTool id and the kind of failure, never an internal host name, address or Java class: the
 * details go to the gateway's log.
 */
public record UpstreamFailure(int code, String message) {

  private static final Logger LOG = LoggerFactory.getLogger(UpstreamFailure.class);

  public static UpstreamFailure timeout(String upstream, long millis) {
    return new UpstreamFailure(
        JsonRpcErrors.UPSTREAM_TIMEOUT,
        "upstream " + upstream + " did not answer within " + millis + " ms");
  }

  public static UpstreamFailure badResponse(String upstream, String what) {
    return new UpstreamFailure(
        JsonRpcErrors.UPSTREAM_BAD_RESPONSE, "upstream " + upstream + " answered badly: " + what);
  }

  /** Classifies a transport failure of the Jetty client. */
  public static UpstreamFailure of(String upstream, Throwable failure, long timeoutMillis) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      if (cause instanceof TimeoutException) {
        break;
      }
      cause = cause.getCause();
    }
    if (failure instanceof TimeoutException || cause instanceof TimeoutException) {
      return timeout(upstream, timeoutMillis);
    }
    String reason =
        switch (cause) {
          case ConnectException e -> "connection refused";
          case UnknownHostException e -> "its address does not resolve";
          case EOFException e -> "connection closed mid-response";
          case ClosedChannelException e -> "connection closed mid-response";
          default -> {
            LOG.debug("upstream {} failed", upstream, failure);
            yield "the connection failed";
          }
        };
    return new UpstreamFailure(
        JsonRpcErrors.UPSTREAM_UNAVAILABLE, "upstream " + upstream + " unavailable: " + reason);
  }
}
