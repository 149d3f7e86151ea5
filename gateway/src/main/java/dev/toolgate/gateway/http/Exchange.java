package dev.toolgate.gateway.http;

import dev.toolgate.gateway.auth.Principal;
import dev.toolgate.gateway.protocol.JsonRpcException;
import dev.toolgate.gateway.protocol.McpHeaders;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One HTTP exchange as the MCP layer sees it: the request headers it reads, where the answer goes,
 * and a signal when the client goes away. The MCP layer answers through this and never touches the
 * HTTP server's own types.
 */
public final class Exchange {

  private final Request request;
  private final Response response;
  private final Callback callback;
  private ResponseStream stream;
  private volatile Principal principal;

  public Exchange(Request request, Response response, Callback callback) {
    this.request = request;
    this.response = response;
    this.callback = callback;
  }

  /**
   * The authenticated caller, set at the transport edge before anything else looks; {@code null}
   * until then, which every policy stage refuses.
   */
  public Principal principal() {
    return principal;
  }

  public void authenticated(Principal caller) {
    this.principal = caller;
  }

  public HttpFields headers() {
    return request.getHeaders();
  }

  /** The client's {@code Mcp-Session-Id}, or {@code null}. */
  public String sessionId() {
    return request.getHeaders().get(McpHeaders.SESSION_ID);
  }

  /** The client's IP address, the unit of the per-client session cap. */
  public String clientAddress() {
    SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
    return remote instanceof InetSocketAddress inet && inet.getAddress() != null
        ? inet.getAddress().getHostAddress()
        : String.valueOf(remote);
  }

  /**
   * Runs {@code action} when the client's connection fails before the answer is complete; at once
   * when the exchange already ended (it can only have ended early by failing).
   */
  public void onClientGone(Runnable action) {
    try {
      request.addFailureListener(failure -> action.run());
    } catch (IllegalStateException alreadyCompleted) {
      action.run();
    }
  }

  /**
   * Lets the client connection stay silent for {@code millis} while this exchange waits for a
   * worker (a tool's timeout may exceed the connection idle timeout); the connection's own idle
   * timeout is back once the exchange is done.
   */
  public void allowSilence(long millis) {
    EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
    long usual = endPoint.getIdleTimeout();
    if (usual > 0 && millis > usual) {
      endPoint.setIdleTimeout(millis);
      out().onDone(() -> endPoint.setIdleTimeout(usual));
    }
  }

  /** The response as a stream of writes; the same stream on every call. */
  public ResponseStream out() {
    if (stream == null) {
      stream = new ResponseStream(response, callback);
    }
    return stream;
  }

  /** Adds a header to the answer; only before anything is written. */
  public void header(String name, String value) {
    response.getHeaders().put(name, value);
  }

  public void json(int status, byte[] body) {
    HttpResponses.json(response, callback, status, body);
  }

  public void error(JsonRpcException e) {
    HttpResponses.error(response, callback, e);
  }

  public void empty(int status) {
    HttpResponses.empty(response, callback, status);
  }

  /** Opens an event stream: status and headers go out with an empty first write. */
  public ResponseStream openEventStream() {
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, McpHeaders.EVENT_STREAM);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    ResponseStream out = out();
    out.write(new byte[0], null);
    return out;
  }
}
