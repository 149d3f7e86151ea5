package dev.toolgate.gateway.transport;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * CORS for browser-based MCP clients. Only origins the {@link OriginPolicy} serves get here, so the
 * allowed origins are the gateway's allowed hosts; the session and protocol headers are exposed so
 * a browser client can read them, and a preflight is answered without a body.
 */
final class Cors {

  private static final String ALLOWED_HEADERS =
      "Content-Type, Accept, Authorization, Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID";
  private static final String EXPOSED_HEADERS =
      "Mcp-Session-Id, MCP-Protocol-Version, WWW-Authenticate";

  private Cors() {}

  /** Adds the response headers of a cross-origin request that the origin policy accepted. */
  static void allow(Request request, Response response) {
    String origin = request.getHeaders().get(HttpHeader.ORIGIN);
    if (origin != null) {
      response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
      response.getHeaders().add(HttpHeader.VARY, "Origin");
      response.getHeaders().put(HttpHeader.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED_HEADERS);
    }
  }

  /** Answers a preflight ({@code OPTIONS}) of an accepted origin. */
  static void preflight(Request request, Response response, Callback callback) {
    allow(request, response);
    response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, DELETE");
    response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS);
    response.getHeaders().put(HttpHeader.ACCESS_CONTROL_MAX_AGE, "600");
    response.setStatus(204);
    response.write(true, null, callback);
  }
}
