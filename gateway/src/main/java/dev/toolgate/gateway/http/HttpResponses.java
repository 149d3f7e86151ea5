package dev.toolgate.gateway.http;

import dev.toolgate.gateway.protocol.JsonRpcErrors;
import dev.toolgate.gateway.protocol.JsonRpcException;
import dev.toolgate.gateway.protocol.McpHeaders;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Writes the gateway's own answers: JSON bodies, JSON-RPC errors, empty statuses. */
public final class HttpResponses {

  private HttpResponses() {}

  public static void json(Response response, Callback callback, int status, byte[] body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, McpHeaders.JSON);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  public static void error(Response response, Callback callback, JsonRpcException e) {
    java.util.List<String> headers = e.headers();
    for (int i = 0; i + 1 < headers.size(); i += 2) {
      response.getHeaders().put(headers.get(i), headers.get(i + 1));
    }
    json(
        response,
        callback,
        e.httpStatus(),
        JsonRpcErrors.response(e.rawId(), e.code(), e.getMessage()));
  }

  public static void empty(Response response, Callback callback, int status) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
    response.write(true, ByteBuffer.allocate(0), callback);
  }
}
