package dev.toolgate.gateway.tracing;

/** Starts the span of each {@code tools/call}; {@link #OFF} starts none. */
public interface CallTracer extends AutoCloseable {

  CallTracer OFF =
      new CallTracer() {
        @Override
        public CallSpan start(CallAttributes call) {
          return CallSpan.NONE;
        }

        @Override
        public boolean enabled() {
          return false;
        }
      };

  /** Starts a call's span, a child of the client's trace context when it sent a valid one. */
  CallSpan start(CallAttributes call);

  /** Whether spans are recorded; when not, callers skip building {@link CallAttributes}. */
  boolean enabled();

  /** Flushes and stops the exporter. */
  @Override
  default void close() {}

  /**
   * What a call's span says about it, as the OpenTelemetry MCP conventions name it.
   *
   * @param traceparent the client's {@code traceparent} header, or {@code null}
   * @param tracestate the client's {@code tracestate} header, or {@code null}
   * @param sessionIdHash a hash of the session id ({@code mcp.session.id}; never the id itself,
   *     which is a credential of sorts)
   * @param requestId the JSON-RPC id as JSON text ({@code jsonrpc.request.id})
   * @param protocolVersion the session's MCP protocol version ({@code mcp.protocol.version})
   * @param endpoint {@code aggregated} or {@code passthrough}
   */
  record CallAttributes(
      String traceparent,
      String tracestate,
      String sessionIdHash,
      String requestId,
      String protocolVersion,
      String endpoint) {}
}
