package dev.toolgate.gateway.transport;

import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.gateway.auth.Authenticator;
import dev.toolgate.gateway.auth.ResourceMetadata;
import dev.toolgate.gateway.auth.ResourceUrls;
import dev.toolgate.gateway.http.HttpResponses;
import dev.toolgate.gateway.identity.IdentityKeys;
import dev.toolgate.gateway.protocol.JsonRpcErrors;
import dev.toolgate.gateway.protocol.JsonRpcException;
import dev.toolgate.gateway.routing.Router;
import dev.toolgate.gateway.routing.RoutingTable;
import java.util.SortedSet;
import java.util.TreeSet;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The public documents under {@code /.well-known/}: the protected resource metadata (RFC 9728) of
 * the gateway as a whole, of {@code /mcp} and of each passthrough endpoint, with the scopes that
 * grant something there; and the JWKS of the gateway's identity tokens. Anyone may read them, from
 * any origin ({@code Access-Control-Allow-Origin: *}, no credentials).
 */
final class WellKnown {

  static final String PREFIX = "/.well-known/";
  static final String JWKS = "/.well-known/jwks.json";

  private final Authenticator authenticator;
  private final Router router;
  private final IdentityKeys identityKeys;

  WellKnown(Authenticator authenticator, Router router, IdentityKeys identityKeys) {
    this.authenticator = authenticator;
    this.router = router;
    this.identityKeys = identityKeys;
  }

  void handle(String path, Request request, Response response, Callback callback)
      throws JsonRpcException {
    response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    String method = request.getMethod();
    if (method.equals("OPTIONS")) {
      response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, "GET, OPTIONS");
      response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, "MCP-Protocol-Version");
      response.getHeaders().put(HttpHeader.ACCESS_CONTROL_MAX_AGE, "600");
      HttpResponses.empty(response, callback, 204);
      return;
    }
    if (!method.equals("GET")) {
      response.getHeaders().put(HttpHeader.ALLOW, "GET, OPTIONS");
      throw new JsonRpcException(
          405, JsonRpcErrors.INVALID_REQUEST, "Method Not Allowed: " + method);
    }
    if (path.equals(JWKS)) {
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "public, max-age=300");
      HttpResponses.json(response, callback, 200, identityKeys.jwks());
      return;
    }
    if (!path.startsWith(ResourceUrls.METADATA_PATH)) {
      throw notFound(path);
    }
    Authenticator.Settings settings = authenticator.settings().orElse(null);
    if (settings == null) {
      throw notFound(path);
    }
    String endpoint = path.substring(ResourceUrls.METADATA_PATH.length());
    RoutingTable table = router.table();
    String resource;
    SortedSet<String> scopes;
    if (endpoint.isEmpty()) {
      resource = settings.resource().canonical();
      scopes = new TreeSet<>(table.aggregatedScopes());
      for (UpstreamConfig upstream : router.table().upstreams()) {
        scopes.addAll(table.passthroughScopes(upstream));
      }
    } else if (endpoint.equals(GatewayHandler.AGGREGATED_PATH)) {
      resource = settings.resource().endpoint(endpoint);
      scopes = table.aggregatedScopes();
    } else {
      UpstreamConfig upstream = table.passthrough(endpoint).orElseThrow(() -> notFound(path));
      resource = settings.resource().endpoint(endpoint);
      scopes = table.passthroughScopes(upstream);
    }
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "public, max-age=60");
    HttpResponses.json(
        response,
        callback,
        200,
        ResourceMetadata.document(resource, settings.authorizationServers(), scopes));
  }

  private static JsonRpcException notFound(String path) {
    return new JsonRpcException(404, JsonRpcErrors.INVALID_REQUEST, "Not Found: " + path);
  }
}
