package dev.toolgate.gateway.upstream;

import dev.toolgate.gateway.protocol.JsonRpcMessage;
import dev.toolgate.gateway.protocol.SseEvent;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.http.HttpFields;

/**
 * What one relay does besides copying: how it names the worker in errors, which request id the
 * answer must carry, how stream events and the answer are rewritten, and what happens when the
 * worker forgot the session.
 *
 * @param upstream the worker's id ({@code ns/name}), for error messages
 * @param rawId the id of the request being relayed, {@code null} for notifications, responses and
 *     GET streams; a worker response with any other id is dropped
 * @param timeoutMillis the timeout the request was sent with, for error messages
 * @param events rewrites or drops ({@code null}) each well-formed event of a worker stream other
 *     than the answer
 * @param answer rewrites the answer to the relayed request (a JSON-RPC response as bytes)
 * @param passthrough relay as the passthrough endpoint does: a worker's HTTP error status reaches
 *     the client (a 404 tells a spec-following client to initialize again) and a stream that ends
 *     before its answer is left for the client to resume with {@code Last-Event-ID}; otherwise a
 *     worker's HTTP error becomes a JSON-RPC error on the call with HTTP 200, so the client keeps
 *     its session, and a stream that ends unanswered ends with an error
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
    EventRewriter events,
    UnaryOperator<byte[]> answer,
    boolean passthrough,
    HeaderHook onHeaders,
    SessionLostHandler sessionLost) {

  /** Rewrites or drops ({@code null}) one event of a worker stream. */
  @FunctionalInterface
  public interface EventRewriter {
    SseEvent rewrite(SseEvent event, JsonRpcMessage message);
  }

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

  public static final EventRewriter UNCHANGED = (event, message) -> event;
  public static final HeaderHook NO_HEADERS = (worker, client) -> {};
  public static final SessionLostHandler REPORT_LOST = () -> false;

  /** The same plan with another answer rewrite applied after this one's. */
  public RelayPlan thenRewriteAnswer(UnaryOperator<byte[]> next) {
    UnaryOperator<byte[]> first = answer;
    return new RelayPlan(
        upstream,
        rawId,
        timeoutMillis,
        events,
        bytes -> next.apply(first.apply(bytes)),
        passthrough,
        onHeaders,
        sessionLost);
  }
}
