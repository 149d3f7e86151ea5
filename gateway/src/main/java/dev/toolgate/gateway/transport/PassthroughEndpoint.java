package dev.toolgate.gateway.transport;

import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.gateway.protocol.JsonRpcErrors;
import dev.toolgate.gateway.protocol.JsonRpcException;
import dev.toolgate.gateway.protocol.JsonRpcMessage;
import dev.toolgate.gateway.protocol.JsonRpcParser;
import dev.toolgate.gateway.protocol.McpHeaders;
import dev.toolgate.gateway.routing.RoutingTable;
import dev.toolgate.gateway.session.GatewaySession;
import dev.toolgate.gateway.session.SessionRegistry;
import dev.toolgate.gateway.upstream.ForwardedHeaders;
import dev.toolgate.gateway.upstream.RelayPlan;
import dev.toolgate.gateway.upstream.UpstreamHttp;
import dev.toolgate.gateway.upstream.UpstreamSession;
import java.net.URI;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code /mcp/tools/<namespace>/<name>}: one worker, relayed faithfully. Method names, ids, event
 * ids, resources, prompts, completions, logging, progress, cancellation and the worker's own
 * requests to the client (sampling, elicitation) pass unchanged in both directions; the gateway
 * only swaps session ids and keeps client headers other than the MCP ones away from the worker.
 */
public final class PassthroughEndpoint {

  private final SessionRegistry sessions;
  private final UpstreamHttp http;
  private final RequestChecks checks;
  private final RelayLimits limits;

  public PassthroughEndpoint(
      SessionRegistry sessions, UpstreamHttp http, RequestChecks checks, RelayLimits limits) {
    this.sessions = sessions;
    this.http = http;
    this.checks = checks;
    this.limits = limits;
  }

  public void post(
      UpstreamConfig upstream, Request request, byte[] body, Response response, Callback callback)
      throws JsonRpcException {
    JsonRpcMessage message = JsonRpcParser.parse(body);
    ForwardedHeaders headers = ForwardedHeaders.from(request.getHeaders());
    if (message.is("initialize")) {
      initialize(upstream, message, headers, response, callback);
      return;
    }
    String sessionId = RequestChecks.requireSessionId(request);
    UpstreamSession upstreamSession = find(upstream, sessionId);
    long timeout =
        message.isRequest()
            ? RoutingTable.upstreamTimeoutMillis(
                upstream, message.is("tools/call") ? message.paramsName() : null)
            : RoutingTable.DEFAULT_TIMEOUT.toMillis();
    limits.relay(
        inSession(upstream, sessionId, message.isRequest() ? message.rawId() : null, timeout),
        new ResponseStream(response, callback),
        http.post(
            upstreamSession.url(),
            message.bytes(),
            upstreamSession.sessionId(),
            headers,
            Duration.ofMillis(timeout)));
  }

  /** Relays the client's initialize; the worker's session becomes a gateway session. */
  private void initialize(
      UpstreamConfig upstream,
      JsonRpcMessage message,
      ForwardedHeaders headers,
      Response response,
      Callback callback)
      throws JsonRpcException {
    if (!message.isRequest()) {
      throw new JsonRpcException(
          400, JsonRpcErrors.INVALID_REQUEST, "Invalid Request: initialize must be a request");
    }
    URI url = URI.create(upstream.url());
    long timeout = RoutingTable.upstreamTimeoutMillis(upstream, null);
    RelayPlan plan =
        new RelayPlan(
            upstream.id(),
            message.rawId(),
            timeout,
            UnaryOperator.identity(),
            true,
            (worker, client) -> {
              if (worker.getStatus() / 100 == 2) {
                GatewaySession session = sessions.createPassthrough(upstream.id());
                session
                    .upstreams()
                    .put(
                        upstream.id(),
                        new UpstreamSession(
                            url,
                            upstream.id(),
                            worker.getHeaders().get(McpHeaders.SESSION_ID),
                            null));
                client.put(McpHeaders.SESSION_ID, session.id());
              }
            },
            RelayPlan.REPORT_LOST);
    limits.relay(
        plan,
        new ResponseStream(response, callback),
        http.post(url, message.bytes(), null, headers, Duration.ofMillis(timeout)));
  }

  /** Relays the worker's server-to-client stream (GET), resuming with Last-Event-ID if given. */
  public void get(UpstreamConfig upstream, Request request, Response response, Callback callback)
      throws JsonRpcException {
    checks.get(request);
    String sessionId = RequestChecks.requireSessionId(request);
    UpstreamSession upstreamSession = find(upstream, sessionId);
    limits.relay(
        inSession(upstream, sessionId, null, 0),
        new ResponseStream(response, callback),
        http.openStream(
            upstreamSession.url(),
            upstreamSession.sessionId(),
            ForwardedHeaders.from(request.getHeaders())));
  }

  /** Ends the session here at once and tells the worker in the background. */
  public void delete(UpstreamConfig upstream, Request request, Response response, Callback callback)
      throws JsonRpcException {
    checks.protocolVersion(request);
    String sessionId = RequestChecks.requireSessionId(request);
    UpstreamSession upstreamSession = find(upstream, sessionId);
    sessions.remove(sessionId);
    http.delete(
            upstreamSession.url(),
            upstreamSession.sessionId(),
            ForwardedHeaders.from(request.getHeaders()))
        .send(result -> {});
    HttpResponses.empty(response, callback, 200);
  }

  private UpstreamSession find(UpstreamConfig upstream, String sessionId) throws JsonRpcException {
    GatewaySession session = sessions.find(sessionId);
    if (session == null || !upstream.id().equals(session.passthroughUpstream())) {
      throw RequestChecks.sessionNotFound();
    }
    UpstreamSession upstreamSession = session.upstreams().get(upstream.id());
    if (upstreamSession == null) {
      throw RequestChecks.sessionNotFound();
    }
    return upstreamSession;
  }

  /**
   * How a call in an open session is relayed: bytes as they come, and a worker that forgot the
   * session ends the gateway session too, so the client initializes again.
   */
  private RelayPlan inSession(
      UpstreamConfig upstream, String sessionId, String rawId, long timeoutMillis) {
    return new RelayPlan(
        upstream.id(),
        rawId,
        timeoutMillis,
        UnaryOperator.identity(),
        true,
        RelayPlan.NO_HEADERS,
        () -> forget(sessionId));
  }

  private boolean forget(String sessionId) {
    sessions.remove(sessionId);
    return false;
  }
}
