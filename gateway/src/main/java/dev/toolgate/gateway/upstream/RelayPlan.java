package dev.toolgate.gateway.upstream;

import dev.toolgate.gateway.protocol.SseEvent;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.http.HttpFields;

/**
 * What one relay does besides copying: how it names the worker in errors, which request id errors
 * answer, how stream events are rewritten and what happens when the worker forgot the session.
 *
 * @param upstream the worker's id ({@code ns/name}), for error messages
 * @param rawId the id of the request being relayed, {@code null} for notifications and responses
 * @param timeoutMillis the timeout the request was sent with, for error messages
 * @param events rewrites or drops ({@code null}) each event of a worker stream
 * @param rawStream relay a worker stream's bytes as they arrive, without parsing events (the
 *     passthrough endpoint, where nothing is rewritten); {@code events} is then not used
 * @param onHeaders adds headers to the client response before it is committed (the gateway's
 *     session id), given the worker's response headers
 * @param sessionLost called when the worker answers 404 to a request that carried its session id,
 *     or when a pooled connection turned out closed before any answer (a worker that restarted);
 *     returns {@code true} when it took the exchange over (a retry on a new worker session)
 */
public record RelayPlan(
    String upstream,
    String rawId,
    long timeoutMillis,
    UnaryOperator<SseEvent> events,
    boolean rawStream,
    HeaderHook onHeaders,
    SessionLostHandler sessionLost) {

  /** Sets client response headers from the worker's response. */
  @FunctionalInterface
  public interface HeaderHook {
    void apply(org.eclipse.jetty.client.Response worker, HttpFields.Mutable client);
  }

  /** Reacts to a worker that no longer knows the session. */
  @FunctionalInterface
  public interface SessionLostHandler {
    boolean handle();
  }

  public static final HeaderHook NO_HEADERS = (worker, client) -> {};
  public static final SessionLostHandler REPORT_LOST = () -> false;
}
