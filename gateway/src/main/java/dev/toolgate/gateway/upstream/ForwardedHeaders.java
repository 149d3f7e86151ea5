package dev.toolgate.gateway.upstream;

import dev.toolgate.gateway.protocol.McpHeaders;
import dev.toolgate.gateway.tracing.TraceContext;
import org.eclipse.jetty.http.HttpFields;

/**
 * The only client headers that travel to a worker. An allow-list, not a deny-list: credentials
 * ({@code Authorization}, cookies, API keys under any name) can never reach a worker because
 * nothing outside this record is copied. A worker learns who calls from the identity token the
 * gateway mints for it, sent as {@code Toolgate-Identity}; a client's own header of that name is
 * never copied either. A client's {@code traceparent} travels only when well formed, its {@code
 * tracestate} only beside it ({@link TraceContext}); with tracing on, a {@code tools/call} carries
 * the gateway's own span context instead.
 *
 * @param protocolVersion {@code MCP-Protocol-Version}
 * @param lastEventId {@code Last-Event-ID}, for resuming a stream
 * @param traceparent W3C trace context, so traces continue into the worker
 * @param tracestate W3C trace context vendor data
 * @param identity the gateway-minted identity token of this call, or {@code null}
 */
public record ForwardedHeaders(
    String protocolVersion,
    String lastEventId,
    String traceparent,
    String tracestate,
    String identity) {

  public static final ForwardedHeaders NONE = new ForwardedHeaders(null, null, null, null, null);

  public static ForwardedHeaders from(HttpFields client) {
    String traceparent = TraceContext.traceparent(client.get("traceparent"));
    return new ForwardedHeaders(
        client.get(McpHeaders.PROTOCOL_VERSION),
        client.get(McpHeaders.LAST_EVENT_ID),
        traceparent,
        TraceContext.tracestate(client.get("tracestate"), traceparent),
        null);
  }

  /** The W3C trace context to send, replacing the client's. */
  public ForwardedHeaders withTraceContext(String newTraceparent, String newTracestate) {
    return new ForwardedHeaders(
        protocolVersion, lastEventId, newTraceparent, newTracestate, identity);
  }

  public ForwardedHeaders withProtocolVersion(String version) {
    return new ForwardedHeaders(version, lastEventId, traceparent, tracestate, identity);
  }

  public ForwardedHeaders withIdentity(String token) {
    return new ForwardedHeaders(protocolVersion, lastEventId, traceparent, tracestate, token);
  }

  @Override
  public String toString() {
    return "ForwardedHeaders[protocolVersion="
        + protocolVersion
        + ", traceparent="
        + traceparent
        + ", identity="
        + (identity == null ? "none" : "redacted")
        + "]";
  }

  void applyTo(HttpFields.Mutable upstream) {
    putIfPresent(upstream, McpHeaders.PROTOCOL_VERSION, protocolVersion);
    putIfPresent(upstream, McpHeaders.LAST_EVENT_ID, lastEventId);
    putIfPresent(upstream, "traceparent", traceparent);
    putIfPresent(upstream, "tracestate", tracestate);
    putIfPresent(upstream, McpHeaders.IDENTITY, identity);
  }

  private static void putIfPresent(HttpFields.Mutable fields, String name, String value) {
    if (value != null) {
      fields.put(name, value);
    }
  }
}
