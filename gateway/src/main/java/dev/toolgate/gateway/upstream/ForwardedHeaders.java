package dev.toolgate.gateway.upstream;

import dev.toolgate.gateway.protocol.McpHeaders;
import org.eclipse.jetty.http.HttpFields;

/**
 * The only client headers that travel to a worker. An allow-list, not a deny-list: credentials
 * ({@code Authorization}, cookies, API keys under any name) can never reach a worker because
 * nothing outside this record is copied. Workers get their own identity from the gateway later.
 *
 * @param protocolVersion {@code MCP-Protocol-Version}
 * @param lastEventId {@code Last-Event-ID}, for resuming a stream
 * @param traceparent W3C trace context, so traces continue into the worker
 * @param tracestate W3C trace context vendor data
 */
public record ForwardedHeaders(
    String protocolVersion, String lastEventId, String traceparent, String tracestate) {

  public static final ForwardedHeaders NONE = new ForwardedHeaders(null, null, null, null);

  public static ForwardedHeaders from(HttpFields client) {
    return new ForwardedHeaders(
        client.get(McpHeaders.PROTOCOL_VERSION),
        client.get(McpHeaders.LAST_EVENT_ID),
        client.get("traceparent"),
        client.get("tracestate"));
  }

  public ForwardedHeaders withProtocolVersion(String version) {
    return new ForwardedHeaders(version, lastEventId, traceparent, tracestate);
  }

  void applyTo(HttpFields.Mutable upstream) {
    putIfPresent(upstream, McpHeaders.PROTOCOL_VERSION, protocolVersion);
    putIfPresent(upstream, McpHeaders.LAST_EVENT_ID, lastEventId);
    putIfPresent(upstream, "traceparent", traceparent);
    putIfPresent(upstream, "tracestate", tracestate);
  }

  private static void putIfPresent(HttpFields.Mutable fields, String name, String value) {
    if (value != null) {
      fields.put(name, value);
    }
  }
}
