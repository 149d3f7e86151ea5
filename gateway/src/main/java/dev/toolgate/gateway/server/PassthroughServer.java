package dev.toolgate.gateway.server;

import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.gateway.http.Exchange;
import dev.toolgate.gateway.http.ResponseStream;
import dev.toolgate.gateway.policy.AuthorizePassthrough;
import dev.toolgate.gateway.policy.CallPipeline;
import dev.toolgate.gateway.policy.Pipelines;
import dev.toolgate.gateway.policy.PolicyServices;
import dev.toolgate.gateway.policy.WorkerCall;
import dev.toolgate.gateway.protocol.JsonRpcErrors;
import dev.toolgate.gateway.protocol.JsonRpcException;
import dev.toolgate.gateway.protocol.JsonRpcMessage;
import dev.toolgate.gateway.protocol.JsonRpcParser;
import dev.toolgate.gateway.protocol.McpHeaders;
import dev.toolgate.gateway.protocol.SseEvent;
import dev.toolgate.gateway.routing.Router;
import dev.toolgate.gateway.session.GatewaySession;
import dev.toolgate.gateway.session.NotificationStream;
import dev.toolgate.gateway.session.SessionRegistry;
import dev.toolgate.gateway.upstream.ForwardedHeaders;
import dev.toolgate.gateway.upstream.RelayLimits;
import dev.toolgate.gateway.upstream.RelayPlan;
import dev.toolgate.gateway.upstream.StreamSlots;
import dev.toolgate.gateway.upstream.UpstreamHttp;
import dev.toolgate.gateway.upstream.UpstreamRelay;
import dev.toolgate.gateway.upstream.UpstreamSession;
import dev.toolgate.gateway.upstream.WorkerListener;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.http.HttpHeader;

/**
 * {@code /mcp/tools/<namespace>/<name>}: one worker, relayed faithfully. Method names, ids, event
 * ids, resources, prompts, completions, logging, progress, cancellation and the worker's own
 * requests to the client (sampling, elicitation) pass unchanged in both directions; the gateway
 * swaps session ids, keeps client headers other than the MCP ones away from the worker, and runs
 * every message through the same policy pipelines as {@code /mcp}: a tool the McpTool does not
 * expose can be neither listed nor called here either.
 */
public final class PassthroughServer {

  private final SessionRegistry sessions;
  private final UpstreamHttp http;
  private final RelayLimits limits;
  private final StreamSlots streamSlots;
  private final SessionCloser closer;
  private final CallPipeline toolCalls;
  private final CallPipeline messages;
  private final AuthorizePassthrough streamAccess;
  private final PolicyServices policy;
  private final HeldStreams held;

  public PassthroughServer(
      SessionRegistry sessions,
      Router router,
      UpstreamHttp http,
      RelayLimits limits,
      StreamSlots streamSlots,
      HeldStreams held,
      SessionCloser closer,
      Pipelines.Security security,
      PolicyServices policy) {
    this.held = held;
    this.sessions = sessions;
    this.http = http;
    this.limits = limits;
    this.streamSlots = streamSlots;
    this.closer = closer;
    this.policy = policy;
    PassthroughForward forward =
        new PassthroughForward(
            sessions,
            router,
            http,
            limits,
            held,
            (session, upstream, worker) -> held.listen(session, worker, redactedEvents(upstream)));
    this.toolCalls = Pipelines.toolCalls(router::table, security, policy, forward);
    this.messages = Pipelines.sessionMessages(router::table, security, policy, forward);
    this.streamAccess = new AuthorizePassthrough(router::table, security.authenticator());
  }

  public void post(UpstreamConfig upstream, Exchange exchange, byte[] body)
      throws JsonRpcException {
    JsonRpcMessage message = JsonRpcParser.parse(body);
    if (message.is("initialize")) {
      Sessions.refuseSecondInitialize(exchange, sessions);
    }
    GatewaySession session = message.is("initialize") ? null : find(upstream, exchange);
    WorkerCall call = new WorkerCall(exchange, session, message, upstream);
    if (message.isRequest() && message.is("tools/call")) {
      toolCalls.run(call);
    } else {
      messages.run(call);
    }
  }

  /**
   * Relays the worker's server-to-client stream (GET). The stream the gateway opened when the
   * session began is handed over with what it held; a resumption (Last-Event-ID) or a stream opened
   * again later is a new GET to the worker. The stream takes one of the worker's stream slots until
   * it ends, and ends with the session.
   */
  public void get(UpstreamConfig upstream, Exchange exchange) throws JsonRpcException {
    GatewaySession session = find(upstream, exchange);
    authorizeStream(upstream, exchange);
    WorkerListener listener = session.listener(upstream.id());
    if (listener != null) {
      if (exchange.headers().get(McpHeaders.LAST_EVENT_ID) == null
          && attachHeld(session, listener, exchange)) {
        return;
      }
      listener.close();
    }
    UpstreamSession worker = session.workers().get(upstream.id());
    if (!streamSlots.tryAcquire(upstream.id())) {
      throw new JsonRpcException(
          503,
          JsonRpcErrors.INVALID_REQUEST,
          "Service Unavailable: upstream " + upstream.id() + " has no stream slot free");
    }
    ResponseStream out = exchange.out();
    RelayedStream stream = new RelayedStream(session, out);
    if (!session.openStream(stream)) {
      streamSlots.release(upstream.id());
      throw new JsonRpcException(
          409, JsonRpcErrors.INVALID_REQUEST, "Conflict: this session already has an open stream");
    }
    out.onDone(
        () -> {
          session.streamClosed(stream);
          streamSlots.release(upstream.id());
        });
    RelayPlan plan =
        new RelayPlan(
            upstream.id(),
            null,
            0,
            redactedEvents(upstream),
            UnaryOperator.identity(),
            true,
            RelayPlan.NO_HEADERS,
            () -> {
              sessions.remove(session);
              return false;
            });
    stream.relay = limits.relayFor(plan, out);
    exchange.onClientGone(stream::close);
    stream.relay.start(
        http.openStream(
            worker.url(), worker.sessionId(), ForwardedHeaders.from(exchange.headers())));
  }

  /**
   * Gives the client the stream the gateway has been listening to since the session began; {@code
   * false} when that stream is over (the caller opens a new one).
   */
  private boolean attachHeld(GatewaySession session, WorkerListener listener, Exchange exchange)
      throws JsonRpcException {
    ResponseStream out = exchange.out();
    HeldStream stream = new HeldStream(session, listener, out);
    if (!session.openStream(stream)) {
      throw new JsonRpcException(
          409, JsonRpcErrors.INVALID_REQUEST, "Conflict: this session already has an open stream");
    }
    org.eclipse.jetty.server.Response response = out.response();
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, McpHeaders.EVENT_STREAM);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    if (!listener.attach(stream)) {
      session.streamClosed(stream);
      return false;
    }
    out.onDone(stream::close);
    exchange.onClientGone(stream::close);
    // Commit now: the client sees its stream open before the worker's next event.
    out.write(new byte[0], null);
    return true;
  }

  /** The worker's stream events, redacted as its tool calls' answers are. */
  private RelayPlan.EventRewriter redactedEvents(UpstreamConfig upstream) {
    UnaryOperator<String> redact = policy.eventRedaction(upstream);
    return (event, message) -> {
      if (event.data() == null || event.data().isBlank()) {
        return event;
      }
      String redacted = redact.apply(event.data());
      return redacted == null ? null : event.withData(redacted);
    };
  }

  /** Ends the session here at once and tells the worker in the background. */
  public void delete(UpstreamConfig upstream, Exchange exchange) throws JsonRpcException {
    GatewaySession session = find(upstream, exchange);
    if (sessions.remove(session)) {
      closer.close(session, exchange.headers());
    }
    exchange.empty(200);
  }

  /**
   * A GET stream carries the worker's requests and notifications: it needs the passthrough scope,
   * as every message but {@code tools/call} does (checked on each request: the token may have
   * changed since the session opened).
   */
  private void authorizeStream(UpstreamConfig upstream, Exchange exchange) throws JsonRpcException {
    streamAccess.require(exchange.principal(), upstream, "a GET stream", null);
  }

  /** The exchange's session on this endpoint, if its caller opened it. */
  private GatewaySession find(UpstreamConfig upstream, Exchange exchange) throws JsonRpcException {
    GatewaySession session = sessions.find(Sessions.requireId(exchange), Sessions.owner(exchange));
    if (session == null
        || !upstream.id().equals(session.passthroughUpstream())
        || session.workers().get(upstream.id()) == null) {
      throw Sessions.notFound();
    }
    return session;
  }

  /** The worker stream the gateway listened to before the client came, now relayed to it. */
  private static final class HeldStream implements NotificationStream, WorkerListener.Sink {
    private static final byte[] KEEP_ALIVE = ":\n\n".getBytes(StandardCharsets.UTF_8);

    private final GatewaySession session;
    private final WorkerListener listener;
    private final ResponseStream out;

    HeldStream(GatewaySession session, WorkerListener listener, ResponseStream out) {
      this.session = session;
      this.listener = listener;
      this.out = out;
    }

    @Override
    public void send(SseEvent event, Runnable then) {
      out.write(event.encode(), then);
    }

    @Override
    public void ended() {
      out.finish(new byte[0]);
    }

    /** The gateway holds this stream's worker side: it keeps the client side alive. */
    @Override
    public void keepAlive() {
      out.write(KEEP_ALIVE, null);
    }

    @Override
    public void send(String jsonRpcNotification) {
      // The worker owns this stream; the gateway adds nothing to it.
    }

    @Override
    public void close() {
      session.streamClosed(this);
      listener.close();
      out.finish(new byte[0]);
    }
  }

  /** A relayed worker GET stream, ended with its session. */
  private static final class RelayedStream implements NotificationStream {
    private final GatewaySession session;
    private final ResponseStream out;
    private volatile UpstreamRelay relay;

    RelayedStream(GatewaySession session, ResponseStream out) {
      this.session = session;
      this.out = out;
    }

    @Override
    public void send(String jsonRpcNotification) {
      // The worker owns this stream; the gateway adds nothing to it.
    }

    @Override
    public void close() {
      session.streamClosed(this);
      UpstreamRelay running = relay;
      if (running != null) {
        running.clientGone();
      }
      out.finish(new byte[0]);
    }
  }
}
