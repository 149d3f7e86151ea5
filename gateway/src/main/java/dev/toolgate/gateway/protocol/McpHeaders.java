package dev.toolgate.gateway.protocol;

/** HTTP header names of the MCP Streamable HTTP transport. */
public final class McpHeaders {

  public static final String SESSION_ID = "Mcp-Session-Id";
  public static final String PROTOCOL_VERSION = "MCP-Protocol-Version";
  public static final String LAST_EVENT_ID = "Last-Event-ID";

  /** The gateway's identity token for a worker (never a client's token). */
  public static final String IDENTITY = "Toolgate-Identity";

  public static final String JSON = "application/json";
  public static final String EVENT_STREAM = "text/event-stream";

  private McpHeaders() {}
}
