package dev.toolgate.gateway.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.gateway.protocol.JsonRpcErrors;
import dev.toolgate.gateway.protocol.JsonRpcException;
import dev.toolgate.gateway.protocol.JsonRpcMessage;
import dev.toolgate.gateway.protocol.JsonRpcParser;
import dev.toolgate.gateway.protocol.McpHeaders;
import dev.toolgate.gateway.protocol.ProtocolVersions;
import dev.toolgate.gateway.protocol.SseEvent;
import dev.toolgate.gateway.routing.Router;
import dev.toolgate.gateway.routing.RoutingTable;
import dev.toolgate.gateway.routing.ToolRoute;
import dev.toolgate.gateway.session.GatewaySession;
import dev.toolgate.gateway.session.NotificationStream;
import dev.toolgate.gateway.session.SessionRegistry;
import dev.toolgate.gateway.upstream.ForwardedHeaders;
import dev.toolgate.gateway.upstream.RelayPlan;
import dev.toolgate.gateway.upstream.UpstreamException;
import dev.toolgate.gateway.upstream.UpstreamHandshake;
import dev.toolgate.gateway.upstream.UpstreamHttp;
import dev.toolgate.gateway.upstream.UpstreamSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /mcp}: the gateway as one MCP server whose tools are those of all workers under their
 * exposed names. The gateway answers initialize, ping and tools/list itself; a tools/call goes to
 * the owning worker on a worker session opened for this client session, with only the tool name
 * replaced in the forwarded bytes. Requests a worker makes of the client during a call get
 * gateway-issued ids, so two workers can never collide in one client session.
 */
public final class AggregatedEndpoint {

  private static final Logger LOG = LoggerFactory.getLogger(AggregatedEndpoint.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LIST_CHANGED =
      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}";

  private final SessionRegistry sessions;
  private final Router router;
  private final UpstreamHttp http;
  private final UpstreamHandshake handshake;
  private final RequestChecks checks;
  private final RelayLimits limits;
  private final String serverVersion;

  public AggregatedEndpoint(
      SessionRegistry sessions,
      Router router,
      UpstreamHttp http,
      UpstreamHandshake handshake,
      RequestChecks checks,
      RelayLimits limits,
      String serverVersion) {
    this.sessions = sessions;
    this.router = router;
    this.http = http;
    this.handshake = handshake;
    this.checks = checks;
    this.limits = limits;
    this.serverVersion = serverVersion;
    router.onChange(this::toolsChanged);
  }

  public void post(Request request, byte[] body, Response response, Callback callback)
      throws JsonRpcException {
    JsonRpcMessage message = JsonRpcParser.parse(body);
    if (message.is("initialize")) {
      initialize(message, response, callback);
      return;
    }
    Call call =
        new Call(
            find(RequestChecks.requireSessionId(request)),
            message,
            ForwardedHeaders.from(request.getHeaders()),
            response,
            callback);
    switch (message.kind()) {
      case NOTIFICATION -> notification(call);
      case RESPONSE -> clientResponse(call);
      case REQUEST -> request(call);
    }
  }

  /** One client message in a session, and where its answer goes. */
  private record Call(
      GatewaySession session,
      JsonRpcMessage message,
      ForwardedHeaders headers,
      Response response,
      Callback callback) {}

  private void initialize(JsonRpcMessage message, Response response, Callback callback)
      throws JsonRpcException {
    if (!message.isRequest()) {
      throw new JsonRpcException(
          400, JsonRpcErrors.INVALID_REQUEST, "Invalid Request: initialize must be a request");
    }
    JsonNode params;
    try {
      params = JSON.readTree(message.bytes()).path("params");
    } catch (IOException e) {
      throw new JsonRpcException(400, JsonRpcErrors.PARSE_ERROR, "Parse error");
    }
    if (!params.path("protocolVersion").isTextual()) {
      throw new JsonRpcException(
          200,
          JsonRpcErrors.INVALID_PARAMS,
          "Invalid params: initialize needs params.protocolVersion",
          message.rawId());
    }
    String version = ProtocolVersions.negotiate(params.path("protocolVersion").asText());
    ObjectNode replay = JSON.createObjectNode();
    replay.set(
        "capabilities",
        params.path("capabilities").isObject()
            ? params.get("capabilities")
            : JSON.createObjectNode());
    if (params.path("clientInfo").isObject()) {
      replay.set("clientInfo", params.get("clientInfo"));
    }
    GatewaySession session = sessions.createAggregated(version, replay.toString());
    session.listedTools(router.table().fingerprint());
    String result =
        "{\"protocolVersion\":\""
            + version
            + "\",\"capabilities\":{\"tools\":{\"listChanged\":true}},"
            + "\"serverInfo\":{\"name\":\"toolgate-gateway\",\"version\":\""
            + serverVersion
            + "\"}}";
    response.getHeaders().put(McpHeaders.SESSION_ID, session.id());
    HttpResponses.json(response, callback, 200, JsonRpcErrors.result(message.rawId(), result));
  }

  private void request(Call call) throws JsonRpcException {
    JsonRpcMessage message = call.message();
    switch (message.method()) {
      case "ping" ->
          HttpResponses.json(
              call.response(), call.callback(), 200, JsonRpcErrors.result(message.rawId(), "{}"));
      case "tools/list" -> {
        RoutingTable table = router.table();
        call.session().listedTools(table.fingerprint());
        HttpResponses.json(
            call.response(),
            call.callback(),
            200,
            JsonRpcErrors.result(message.rawId(), table.toolsListResult()));
      }
      case "tools/call" -> callTool(call);
      default ->
          throw new JsonRpcException(
              200,
              JsonRpcErrors.METHOD_NOT_FOUND,
              "Method not found: " + message.method() + " (the aggregated endpoint serves tools)",
              message.rawId());
    }
  }

  private void callTool(Call call) throws JsonRpcException {
    JsonRpcMessage message = call.message();
    GatewaySession session = call.session();
    if (message.paramsName() == null) {
      throw new JsonRpcException(
          200,
          JsonRpcErrors.INVALID_PARAMS,
          "Invalid params: tools/call needs params.name",
          message.rawId());
    }
    ToolRoute route =
        router
            .table()
            .tool(message.paramsName())
            .orElseThrow(
                () ->
                    new JsonRpcException(
                        200,
                        JsonRpcErrors.INVALID_PARAMS,
                        "Unknown tool: " + message.paramsName(),
                        message.rawId()));
    byte[] forwarded = message.withParamsName(route.upstreamName());
    ResponseStream out =
        new ResponseStream(
            call.response(),
            Callback.from(() -> session.requestEnded(message.rawId()), call.callback()));
    forward(new ToolCall(session, route, message.rawId(), forwarded, call.headers(), out), true);
  }

  /** A tool call on its way to the worker that owns the tool. */
  private record ToolCall(
      GatewaySession session,
      ToolRoute route,
      String rawId,
      byte[] body,
      ForwardedHeaders headers,
      ResponseStream out) {}

  /**
   * Sends a call to its worker. With a worker session in place this never blocks; opening one (the
   * first call of a client to a worker) moves to a virtual thread.
   */
  private void forward(ToolCall call, boolean retryOnLostSession) {
    UpstreamSession existing = call.session().upstreams().get(call.route().upstream().id());
    if (existing != null) {
      send(call, retryOnLostSession, existing);
      return;
    }
    Thread.startVirtualThread(
        () -> {
          UpstreamSession opened;
          try {
            opened = upstreamSession(call.session(), call.route(), call.headers());
          } catch (UpstreamException e) {
            writeError(call.out(), call.rawId(), e.failure().code(), e.failure().message());
            return;
          }
          send(call, retryOnLostSession, opened);
        });
  }

  private void send(ToolCall call, boolean retryOnLostSession, UpstreamSession upstream) {
    GatewaySession session = call.session();
    String upstreamId = call.route().upstream().id();
    session.requestStarted(call.rawId(), upstream);
    RelayPlan plan =
        new RelayPlan(
            upstreamId,
            call.rawId(),
            call.route().timeoutMillis(),
            serverRequestIds(session, upstream),
            false,
            RelayPlan.NO_HEADERS,
            () -> {
              session.upstreams().remove(upstreamId, upstream);
              if (!retryOnLostSession) {
                return false;
              }
              // The worker restarted and forgot us: open a new worker session and try once more.
              Thread.startVirtualThread(() -> forward(call, false));
              return true;
            });
    limits.relay(
        plan,
        call.out(),
        http.post(
            upstream.url(),
            call.body(),
            upstream.sessionId(),
            call.headers().withProtocolVersion(upstream.protocolVersion()),
            Duration.ofMillis(call.route().timeoutMillis())));
  }

  private UpstreamSession upstreamSession(
      GatewaySession session, ToolRoute route, ForwardedHeaders headers) throws UpstreamException {
    String id = route.upstream().id();
    UpstreamSession existing = session.upstreams().get(id);
    if (existing != null) {
      return existing;
    }
    session.handshakeLock().lock();
    try {
      existing = session.upstreams().get(id);
      if (existing != null) {
        return existing;
      }
      UpstreamSession opened =
          handshake.open(route.upstream(), session.clientInitializeParams(), headers);
      session.upstreams().put(id, opened);
      return opened;
    } finally {
      session.handshakeLock().unlock();
    }
  }

  /**
   * Rewrites the ids of a worker's requests to the client into gateway ids and drops the worker's
   * event ids, which mean nothing on the aggregated stream.
   */
  private static UnaryOperator<SseEvent> serverRequestIds(
      GatewaySession session, UpstreamSession upstream) {
    return event -> {
      if (event.data() == null || event.data().isBlank()) {
        return event.comment() != null ? event.withId(null) : null;
      }
      JsonRpcMessage message;
      try {
        message = JsonRpcParser.parse(event.data().getBytes(StandardCharsets.UTF_8));
      } catch (JsonRpcException e) {
        LOG.warn("dropping an event from upstream {} that is not JSON-RPC", upstream.upstreamId());
        return null;
      }
      if (message.isRequest()) {
        String gatewayId = session.registerServerRequest(upstream, message.rawId());
        return new SseEvent(
            null,
            event.event(),
            null,
            new String(message.withRawId(gatewayId), StandardCharsets.UTF_8),
            null);
      }
      return new SseEvent(null, event.event(), null, event.data(), null);
    };
  }

  /** A client's answer to a worker's request goes back to that worker under the original id. */
  private void clientResponse(Call call) throws JsonRpcException {
    String rawId = call.message().rawId();
    GatewaySession.PendingServerRequest pending = call.session().takeServerRequest(rawId);
    if (pending == null) {
      throw new JsonRpcException(
          400,
          JsonRpcErrors.INVALID_REQUEST,
          "Invalid Request: no pending request with id " + rawId);
    }
    UpstreamSession upstream = pending.upstream();
    RelayPlan plan =
        new RelayPlan(
            upstream.upstreamId(),
            null,
            RoutingTable.DEFAULT_TIMEOUT.toMillis(),
            UnaryOperator.identity(),
            false,
            RelayPlan.NO_HEADERS,
            RelayPlan.REPORT_LOST);
    limits.relay(
        plan,
        new ResponseStream(call.response(), call.callback()),
        http.post(
            upstream.url(),
            call.message().withRawId(pending.originalRawId()),
            upstream.sessionId(),
            call.headers().withProtocolVersion(upstream.protocolVersion()),
            RoutingTable.DEFAULT_TIMEOUT));
  }

  private void notification(Call call) {
    if (call.message().is("notifications/cancelled")) {
      forwardCancellation(call.session(), call.message(), call.headers());
    }
    HttpResponses.empty(call.response(), call.callback(), 202);
  }

  /** A cancellation follows the request it names to the worker that serves it. */
  private void forwardCancellation(
      GatewaySession session, JsonRpcMessage message, ForwardedHeaders headers) {
    try {
      JsonNode requestId = JSON.readTree(message.bytes()).path("params").path("requestId");
      UpstreamSession upstream =
          requestId.isMissingNode() ? null : session.upstreamOfRequest(requestId.toString());
      if (upstream != null) {
        http.post(
                upstream.url(),
                message.bytes(),
                upstream.sessionId(),
                headers.withProtocolVersion(upstream.protocolVersion()),
                Duration.ofSeconds(5))
            .send(result -> {});
      }
    } catch (IOException e) {
      LOG.debug("unreadable cancellation ignored");
    }
  }

  /** GET: the session's notification stream. */
  public void get(Request request, Response response, Callback callback) throws JsonRpcException {
    checks.get(request);
    GatewaySession session = find(RequestChecks.requireSessionId(request));
    ResponseStream out = new ResponseStream(response, callback);
    SseNotificationStream stream = new SseNotificationStream(out, session);
    if (!session.openStream(stream)) {
      throw new JsonRpcException(
          409, JsonRpcErrors.INVALID_REQUEST, "Conflict: this session already has an open stream");
    }
    request.addFailureListener(failure -> stream.close());
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, McpHeaders.EVENT_STREAM);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    out.write(new byte[0], null);
  }

  /** Sends keep-alives on every open stream and forgets the closed ones. */
  public void keepStreamsAlive() {
    for (GatewaySession session : sessions.all()) {
      if (session.stream() instanceof SseNotificationStream stream) {
        if (stream.isClosed()) {
          session.streamClosed(stream);
        } else {
          stream.keepAlive();
        }
      }
    }
  }

  public void delete(Request request, Response response, Callback callback)
      throws JsonRpcException {
    checks.protocolVersion(request);
    String id = RequestChecks.requireSessionId(request);
    GatewaySession session = sessions.remove(id);
    if (session == null || !session.isAggregated()) {
      throw RequestChecks.sessionNotFound();
    }
    close(session, ForwardedHeaders.from(request.getHeaders()));
    HttpResponses.empty(response, callback, 200);
  }

  /**
   * Ends a session's stream and its worker sessions (in the background). Also used for expired
   * passthrough sessions, whose single worker session ends the same way.
   */
  public void close(GatewaySession session, ForwardedHeaders headers) {
    NotificationStream stream = session.stream();
    if (stream != null) {
      stream.close();
    }
    for (UpstreamSession upstream : session.upstreams().values()) {
      http.delete(
              upstream.url(),
              upstream.sessionId(),
              headers.withProtocolVersion(upstream.protocolVersion()))
          .send(result -> {});
    }
  }

  private GatewaySession find(String id) throws JsonRpcException {
    GatewaySession session = sessions.find(id);
    if (session == null || !session.isAggregated()) {
      throw RequestChecks.sessionNotFound();
    }
    return session;
  }

  /** Tells every session whose visible tools changed, on its stream if it has one open. */
  private void toolsChanged(RoutingTable previous, RoutingTable next) {
    if (previous.fingerprint().equals(next.fingerprint())) {
      return;
    }
    for (GatewaySession session : sessions.all()) {
      if (!session.isAggregated() || next.fingerprint().equals(session.listedToolsFingerprint())) {
        continue;
      }
      NotificationStream stream = session.stream();
      if (stream != null) {
        session.listedTools(next.fingerprint());
        stream.send(LIST_CHANGED);
      }
    }
  }

  private static void writeError(ResponseStream out, String rawId, int code, String message) {
    byte[] body = JsonRpcErrors.response(rawId, code, message);
    Response response = out.response();
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, McpHeaders.JSON);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    out.finish(body);
  }
}
