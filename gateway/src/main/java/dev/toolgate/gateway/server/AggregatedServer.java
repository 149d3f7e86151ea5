package dev.toolgate.gateway.server;

import dev.toolgate.gateway.auth.Principal;
import dev.toolgate.gateway.http.Exchange;
import dev.toolgate.gateway.policy.Access;
import dev.toolgate.gateway.policy.CallPipeline;
import dev.toolgate.gateway.policy.Pipelines;
import dev.toolgate.gateway.policy.PolicyServices;
import dev.toolgate.gateway.policy.WorkerCall;
import dev.toolgate.gateway.protocol.JsonRpcErrors;
import dev.toolgate.gateway.protocol.JsonRpcException;
import dev.toolgate.gateway.protocol.JsonRpcMessage;
import dev.toolgate.gateway.protocol.JsonRpcParser;
import dev.toolgate.gateway.routing.Router;
import dev.toolgate.gateway.routing.RoutingTable;
import dev.toolgate.gateway.session.GatewaySession;
import dev.toolgate.gateway.session.NotificationStream;
import dev.toolgate.gateway.session.SessionRegistry;
import dev.toolgate.gateway.upstream.RelayLimits;
import dev.toolgate.gateway.upstream.UpstreamHandshake;
import dev.toolgate.gateway.upstream.UpstreamHttp;
import dev.toolgate.gateway.upstream.UpstreamSession;
import dev.toolgate.gateway.upstream.WorkerListener;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * {@code /mcp}: the gateway as one MCP server whose tools, prompts and resources are those of all
 * workers under their aggregated names. Requests are dispatched by method: the gateway answers
 * initialize, ping and tools/list itself; a tools/call runs the policy pipeline, whose last stage
 * sends it to the owning worker; lists of prompts and resources ask each worker the caller may use,
 * and a request naming one prompt or resource goes to its worker, each through the policy pipeline.
 */
public final class AggregatedServer {

  private static final String LIST_CHANGED =
      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}";

  private final SessionRegistry sessions;
  private final Router router;
  private final AggregatedInitialize initialize;
  private final CallPipeline clientMessages;
  private final SessionCloser closer;
  private final Map<String, MethodHandler> requests;
  private final Clock clock;
  private final Duration maxStreamLifetime;
  private final AggregatedForward forward;

  /**
   * @param maxInitializeParamsBytes the largest client capabilities and info a session keeps
   * @param maxStreamLifetime how long the session's GET stream may stay open
   */
  public AggregatedServer(
      SessionRegistry sessions,
      Router router,
      UpstreamHttp http,
      UpstreamHandshake handshake,
      RelayLimits limits,
      HeldStreams held,
      SessionCloser closer,
      int maxInitializeParamsBytes,
      Duration maxStreamLifetime,
      Clock clock,
      String serverVersion,
      Pipelines.Security security,
      PolicyServices policy) {
    this.sessions = sessions;
    this.router = router;
    this.closer = closer;
    this.clock = clock;
    this.maxStreamLifetime = maxStreamLifetime;
    this.initialize =
        new AggregatedInitialize(sessions, router, maxInitializeParamsBytes, serverVersion);
    this.clientMessages =
        Pipelines.sessionMessages(
            router::table, security, policy, new ClientMessages(http, limits));
    this.forward = new AggregatedForward(http, handshake, limits, held, policy);
    CallPipeline toolCalls = Pipelines.toolCalls(router::table, security, policy, forward);
    AddressedRequests addressed =
        new AddressedRequests(
            router::table, Pipelines.workerRequests(router::table, security, policy, forward));
    CallPipeline collected =
        Pipelines.workerRequests(
            router::table, security, policy, new CollectAnswer(handshake, forward));
    AggregatedLists lists = new AggregatedLists(router::table, collected, handshake);
    SetLogLevel logging = new SetLogLevel(router::table, collected, handshake);
    this.requests =
        Map.ofEntries(
            Map.entry("ping", (exchange, message, session) -> ping(exchange, message)),
            Map.entry("tools/list", this::toolsList),
            Map.entry(
                "tools/call",
                (exchange, message, session) ->
                    toolCalls.run(new WorkerCall(exchange, session, message, null))),
            Map.entry("resources/list", lists.handler(AggregatedLists.Kind.RESOURCES)),
            Map.entry(
                "resources/templates/list", lists.handler(AggregatedLists.Kind.RESOURCE_TEMPLATES)),
            Map.entry("prompts/list", lists.handler(AggregatedLists.Kind.PROMPTS)),
            Map.entry("resources/read", addressed::readResource),
            Map.entry("prompts/get", addressed::getPrompt),
            Map.entry("completion/complete", addressed::complete),
            Map.entry("logging/setLevel", logging::handle));
    router.onChange(this::toolsChanged);
  }

  public void post(Exchange exchange, byte[] body) throws JsonRpcException {
    JsonRpcMessage message = JsonRpcParser.parse(body);
    if (message.is("initialize")) {
      Sessions.refuseSecondInitialize(exchange, sessions);
      initialize.handle(exchange, message);
      return;
    }
    GatewaySession session = find(exchange);
    switch (message.kind()) {
      case NOTIFICATION, RESPONSE ->
          clientMessages.run(new WorkerCall(exchange, session, message, null));
      case REQUEST -> {
        MethodHandler handler = requests.get(message.method());
        if (handler == null) {
          throw new JsonRpcException(
              200,
              JsonRpcErrors.METHOD_NOT_FOUND,
              "Method not found: " + message.method(),
              message.rawId());
        }
        handler.handle(exchange, message, session);
      }
    }
  }

  private static void ping(Exchange exchange, JsonRpcMessage message) {
    exchange.json(200, JsonRpcErrors.result(message.rawId(), "{}"));
  }

  /** The tools the caller may call; all of them when the gateway runs without authentication. */
  private void toolsList(Exchange exchange, JsonRpcMessage message, GatewaySession session) {
    RoutingTable table = router.table();
    session.listedTools(table.fingerprint());
    Principal caller = exchange.principal();
    String result =
        caller.isAnonymous()
            ? table.toolsListResult()
            : table.toolsListResult(tool -> Access.mayCall(caller, tool, table));
    exchange.json(200, JsonRpcErrors.result(message.rawId(), result));
  }

  /** GET: the session's notification stream. */
  public void get(Exchange exchange) throws JsonRpcException {
    GatewaySession session = find(exchange);
    SseNotificationStream stream = new SseNotificationStream(session, clock.instant());
    if (!session.openStream(stream)) {
      throw new JsonRpcException(
          409, JsonRpcErrors.INVALID_REQUEST, "Conflict: this session already has an open stream");
    }
    exchange.onClientGone(stream::close);
    stream.attach(exchange.openEventStream());
    // What the workers sent before this stream came, then whatever they send next.
    RoutingTable table = router.table();
    for (UpstreamSession worker : session.workers().all()) {
      table
          .upstream(worker.upstreamId())
          .ifPresent(upstream -> forward.listen(session, upstream, worker));
    }
    for (WorkerListener listener : session.listeners()) {
      listener.attach(stream);
    }
  }

  /**
   * Sends keep-alives on every open stream (a write is how a client that left is noticed), and ends
   * streams that are closed or older than the maximum lifetime.
   */
  public void keepStreamsAlive() {
    for (GatewaySession session : sessions.all()) {
      if (session.stream() instanceof SseNotificationStream stream) {
        if (stream.isClosed()) {
          session.streamClosed(stream);
          session.closeListeners();
        } else if (stream.openedAt().plus(maxStreamLifetime).isBefore(clock.instant())) {
          stream.close();
        } else {
          stream.keepAlive();
        }
      } else if (session.stream() instanceof NotificationStream relayed) {
        relayed.keepAlive();
      }
    }
  }

  public void delete(Exchange exchange) throws JsonRpcException {
    GatewaySession session = find(exchange);
    if (sessions.remove(session)) {
      closer.close(session, exchange.headers());
    }
    exchange.empty(200);
  }

  /** The exchange's session, if its caller opened it: another caller's id is as unknown as any. */
  private GatewaySession find(Exchange exchange) throws JsonRpcException {
    GatewaySession session = sessions.find(Sessions.requireId(exchange), Sessions.owner(exchange));
    if (session == null || !session.isAggregated()) {
      throw Sessions.notFound();
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
}
