package dev.toolgate.gateway.server;

import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.gateway.http.ResponseStream;
import dev.toolgate.gateway.policy.CallStage;
import dev.toolgate.gateway.policy.WorkerCall;
import dev.toolgate.gateway.protocol.JsonRpcErrors;
import dev.toolgate.gateway.protocol.JsonRpcException;
import dev.toolgate.gateway.protocol.JsonRpcMessage;
import dev.toolgate.gateway.protocol.McpHeaders;
import dev.toolgate.gateway.routing.Router;
import dev.toolgate.gateway.session.GatewaySession;
import dev.toolgate.gateway.session.SessionRegistry;
import dev.toolgate.gateway.upstream.RelayLimits;
import dev.toolgate.gateway.upstream.RelayPlan;
import dev.toolgate.gateway.upstream.UpstreamHttp;
import dev.toolgate.gateway.upstream.UpstreamRelay;
import dev.toolgate.gateway.upstream.UpstreamSession;
import dev.toolgate.gateway.upstream.WorkerListener;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The last stage on a passthrough endpoint: relays the message to the endpoint's worker in the
 * client's session. The client's {@code initialize} is relayed as it is, and the worker's session
 * becomes a gateway session (the client only ever sees the gateway's id).
 */
final class PassthroughForward implements CallStage {

  private final SessionRegistry sessions;
  private final Router router;
  private final UpstreamHttp http;
  private final RelayLimits limits;
  private final SessionOpened opened;
  private final HeldStreams held;

  /** Told of each new passthrough session, as soon as the worker answered its initialize. */
  @FunctionalInterface
  interface SessionOpened {
    void opened(GatewaySession session, UpstreamConfig upstream, UpstreamSession worker);
  }

  PassthroughForward(
      SessionRegistry sessions,
      Router router,
      UpstreamHttp http,
      RelayLimits limits,
      HeldStreams held,
      SessionOpened opened) {
    this.held = held;
    this.sessions = sessions;
    this.router = router;
    this.http = http;
    this.limits = limits;
    this.opened = opened;
  }

  @Override
  public void apply(WorkerCall call, CallChain chain) throws JsonRpcException {
    if (call.message().is("initialize")) {
      initialize(call);
    } else {
      inSession(call);
    }
  }

  private void initialize(WorkerCall call) throws JsonRpcException {
    JsonRpcMessage message = call.message();
    if (!message.isRequest()) {
      throw new JsonRpcException(
          400, JsonRpcErrors.INVALID_REQUEST, "Invalid Request: initialize must be a request");
    }
    UpstreamConfig upstream = call.passthroughUpstream();
    String client = Sessions.capKey(call.exchange());
    String owner = Sessions.owner(call.exchange());
    sessions.reserve(client);
    AtomicBoolean created = new AtomicBoolean();
    ResponseStream out = call.exchange().out();
    out.onDone(
        () -> {
          if (!created.get()) {
            sessions.release(client);
          }
        });
    URI url = URI.create(upstream.url());
    long timeout = router.table().timeoutMillis(upstream);
    RelayPlan plan =
        new RelayPlan(
            upstream.id(),
            message.rawId(),
            timeout,
            (event, parsed) -> AggregatedForward.rewritten(event, call),
            call.answerRewrite(),
            true,
            (worker, headers) -> {
              if (worker.getStatus() / 100 == 2 && created.compareAndSet(false, true)) {
                GatewaySession session = sessions.createPassthrough(upstream.id(), client, owner);
                UpstreamSession workerSession =
                    new UpstreamSession(
                        url, upstream.id(), worker.getHeaders().get(McpHeaders.SESSION_ID), null);
                session.workers().adopt(workerSession);
                headers.put(McpHeaders.SESSION_ID, session.id());
                opened.opened(session, upstream, workerSession);
              }
            },
            RelayPlan.REPORT_LOST);
    start(
        call,
        plan,
        http.post(url, message.bytes(), null, call.headers(), Duration.ofMillis(timeout)));
  }

  private void inSession(WorkerCall call) {
    JsonRpcMessage message = call.message();
    GatewaySession session = call.session();
    if (message.is("notifications/initialized")) {
      WorkerListener listener = session.listener(call.passthroughUpstream().id());
      if (listener != null) {
        // Workers often speak the moment they are initialized: their stream goes out first.
        held.listening(call.passthroughUpstream().id(), listener).thenRun(() -> relay(call));
        return;
      }
    }
    relay(call);
  }

  private void relay(WorkerCall call) {
    JsonRpcMessage message = call.message();
    GatewaySession session = call.session();
    UpstreamConfig upstream = call.passthroughUpstream();
    UpstreamSession worker = session.workers().get(upstream.id());
    long timeout =
        call.route() != null
            ? call.route().timeoutMillis()
            : router.table().timeoutMillis(upstream);
    RelayPlan plan =
        new RelayPlan(
            upstream.id(),
            message.isRequest() ? message.rawId() : null,
            timeout,
            (event, parsed) -> AggregatedForward.rewritten(event, call),
            call.answerRewrite(),
            true,
            RelayPlan.NO_HEADERS,
            () -> {
              // The worker forgot the session: so does the gateway, and the client gets the 404
              // that tells it to initialize again.
              sessions.remove(session);
              session.closeListeners();
              return false;
            });
    start(
        call,
        plan,
        http.post(
            worker.url(),
            call.upstreamBody(),
            worker.sessionId(),
            call.headers(),
            Duration.ofMillis(timeout)));
  }

  private void start(WorkerCall call, RelayPlan plan, org.eclipse.jetty.client.Request request) {
    UpstreamRelay relay = limits.relayFor(plan, call.exchange().out());
    call.exchange().allowSilence(plan.timeoutMillis() + AggregatedForward.SILENCE_MARGIN_MILLIS);
    call.exchange().onClientGone(relay::clientGone);
    relay.start(request);
  }
}
