package dev.toolgate.gateway.transport;

import dev.toolgate.gateway.protocol.JsonRpcErrors;
import dev.toolgate.gateway.protocol.JsonRpcException;
import dev.toolgate.gateway.protocol.McpHeaders;
import dev.toolgate.gateway.protocol.ProtocolVersions;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * The HTTP-level checks every MCP request passes before its body is looked at, each failing with
 * the status the transport spec names and a JSON-RPC error saying what to fix.
 */
public final class RequestChecks {

  private final int maxRequestBytes;

  public RequestChecks(int maxRequestBytes) {
    this.maxRequestBytes = maxRequestBytes;
  }

  /**
   * POST: a JSON body in UTF-8 (the media type exactly {@code application/json}, parameters
   * allowed, a charset only if it is UTF-8), and an Accept that takes both JSON and event streams.
   */
  public void post(Request request) throws JsonRpcException {
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (!isJsonInUtf8(type)) {
      throw new JsonRpcException(
          415,
          JsonRpcErrors.INVALID_REQUEST,
          "Unsupported Media Type: Content-Type must be application/json (in UTF-8)");
    }
    String accept = request.getHeaders().get(HttpHeader.ACCEPT);
    if (accept == null
        || !(accepts(accept, McpHeaders.JSON) && accepts(accept, McpHeaders.EVENT_STREAM))) {
      throw new JsonRpcException(
          406,
          JsonRpcErrors.INVALID_REQUEST,
          "Not Acceptable: Accept must list application/json and text/event-stream");
    }
    protocolVersion(request);
  }

  /** GET: an Accept that takes event streams. */
  public void get(Request request) throws JsonRpcException {
    String accept = request.getHeaders().get(HttpHeader.ACCEPT);
    if (accept == null || !accepts(accept, McpHeaders.EVENT_STREAM)) {
      throw new JsonRpcException(
          406, JsonRpcErrors.INVALID_REQUEST, "Not Acceptable: Accept must list text/event-stream");
    }
    protocolVersion(request);
  }

  /** A present {@code MCP-Protocol-Version} must name a revision the gateway speaks. */
  public void protocolVersion(Request request) throws JsonRpcException {
    String version = request.getHeaders().get(McpHeaders.PROTOCOL_VERSION);
    if (version != null && !ProtocolVersions.isSupported(version)) {
      throw new JsonRpcException(
          400,
          JsonRpcErrors.INVALID_REQUEST,
          "Bad Request: unsupported MCP-Protocol-Version "
              + version
              + "; supported: "
              + String.join(", ", ProtocolVersions.SUPPORTED));
    }
  }

  static boolean isJsonInUtf8(String contentType) {
    if (contentType == null) {
      return false;
    }
    String[] parts = contentType.split(";");
    if (!parts[0].trim().equalsIgnoreCase(McpHeaders.JSON)) {
      return false;
    }
    for (int i = 1; i < parts.length; i++) {
      String[] parameter = parts[i].split("=", 2);
      if (parameter[0].trim().equalsIgnoreCase("charset")
          && !(parameter.length == 2
              && parameter[1].trim().replace("\"", "").equalsIgnoreCase("utf-8"))) {
        return false;
      }
    }
    return true;
  }

  public int maxRequestBytes() {
    return maxRequestBytes;
  }

  private static boolean accepts(String accept, String type) {
    String lower = accept.toLowerCase();
    String family = type.substring(0, type.indexOf('/'));
    return lower.contains(type) || lower.contains("*/*") || lower.contains(family + "/*");
  }
}
