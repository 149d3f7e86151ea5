package dev.toolgate.gateway.server;

import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.gateway.http.ResponseStream;
import dev.toolgate.gateway.policy.CallStage;
import dev.toolgate.gateway.policy.PolicyServices;
import dev.toolgate.gateway.policy.WorkerCall;
import dev.toolgate.gateway.protocol.JsonRpcErrors;
import dev.toolgate.gateway.protocol.JsonRpcMessage;
import dev.toolgate.gateway.protocol.SseEvent;
import dev.toolgate.gateway.session.GatewaySession;
import dev.toolgate.gateway.upstream.RelayLimits;
import dev.toolgate.gateway.upstream.RelayPlan;
import dev.toolgate.gateway.upstream.UpstreamException;
import dev.toolgate.gateway.upstream.UpstreamHandshake;
import dev.toolgate.gateway.upstream.UpstreamHttp;
import dev.toolgate.gateway.upstream.UpstreamRelay;
import dev.toolgate.gateway.upstream.UpstreamSession;
import dev.toolgate.gateway.upstream.WorkerListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * The last stage of a {@code tools/call} on {@code /mcp}, and of the requests aimed at one worker
 * whose answer goes to the client as the worker sends it (resources/read, prompts/get,
 * completion/complete): sends the call to the owning worker on a worker session opened for this
 * client session, and relays the answer. Requests a worker makes of the client during a call get
 * gateway-issued ids, so two workers can never collide in one client session. A worker that
 * restarted and forgot the session gets a new one and the call once more.
 */
final class AggregatedForward implements CallStage {

  /** How much longer than a call's timeout its client connection may stay silent. */
  static final long SILENCE_MARGIN_MILLIS = 5_000;

  private final UpstreamHttp http;
  private final UpstreamHandshake handshake;
  private final RelayLimits limits;
  private final HeldStreams held;
  private final PolicyServices policy;

  AggregatedForward(
      UpstreamHttp http,
      UpstreamHandshake handshake,
      RelayLimits limits,
      HeldStreams held,
      PolicyServices policy) {
    this.http = http;
    this.handshake = handshake;
    this.limits = limits;
    this.held = held;
    this.policy = policy;
  }

  @Override
  public void apply(WorkerCall call, CallChain chain) {
    GatewaySession session = call.session();
    String rawId = call.message().rawId();
    ResponseStream out = call.exchange().out();
    out.onDone(() -> session.requestEnded(rawId));
    forward(call, out, true);
  }

  /**
   * With a worker session in place this never blocks; opening one (the first call of a client to a
   * worker) moves to a virtual thread.
   */
  private void forward(WorkerCall call, ResponseStream out, boolean retryOnLostSession) {
    UpstreamConfig worker = call.upstream();
    UpstreamSession existing = call.session().workers().get(worker.id());
    if (existing != null) {
      send(call, out, retryOnLostSession, existing);
      return;
    }
    Thread.startVirtualThread(
        () -> {
          UpstreamSession opened;
          try {
            opened = workerSession(call, worker);
          } catch (UpstreamException e) {
            writeError(out, call.message().rawId(), e.failure().code(), e.failure().message());
            return;
          }
          send(call, out, retryOnLostSession, opened);
        });
  }

  /**
   * The client session's session on {@code worker}, opened (blocking) with the client's own
   * capabilities and info on first use.
   */
  /**
   * The client session's worker session with this worker, opened if needed; a new one starts the
   * listener on the worker's own stream first, so nothing it sends is lost.
   */
  UpstreamSession workerSession(WorkerCall call, UpstreamConfig worker) throws UpstreamException {
    return call.session()
        .workers()
        .getOrOpen(
            worker.id(),
            () ->
                handshake.open(
                    worker,
                    call.session().clientInitializeParams(),
                    call.headers(),
                    opened -> listenFirst(call.session(), worker, opened)));
  }

  private void send(
      WorkerCall call, ResponseStream out, boolean retryOnLostSession, UpstreamSession upstream) {
    GatewaySession session = call.session();
    String rawId = call.message().rawId();
    long timeout = call.timeoutMillis();
    session.requestStarted(rawId, upstream);
    RelayPlan plan =
        new RelayPlan(
            upstream.upstreamId(),
            rawId,
            timeout,
            (event, message) ->
                rewritten(serverRequestIds(session, upstream, event, message), call),
            call.answerRewrite(),
            false,
            RelayPlan.NO_HEADERS,
            () -> {
              session.workers().forget(upstream);
              if (!retryOnLostSession) {
                return false;
              }
              // The worker restarted and forgot us: open a new worker session and try once more.
              Thread.startVirtualThread(() -> forward(call, out, false));
              return true;
            });
    UpstreamRelay relay = limits.relayFor(plan, out);
    call.exchange().allowSilence(timeout + SILENCE_MARGIN_MILLIS);
    call.exchange().onClientGone(relay::clientGone);
    relay.start(
        http.post(
            upstream.url(),
            call.upstreamBody(),
            upstream.sessionId(),
            call.headers().withProtocolVersion(upstream.protocolVersion()),
            Duration.ofMillis(timeout)));
  }

  /**
   * Starts listening to the worker's stream of a new worker session, before the worker is told it
   * is initialized; what it sends reaches the client's stream, at once if one is open.
   */
  private void listenFirst(
      GatewaySession session, UpstreamConfig upstream, UpstreamSession worker) {
    WorkerListener listener = listen(session, upstream, worker);
    if (listener == null) {
      return;
    }
    held.listening(upstream.id(), listener).join();
    if (session.stream() instanceof SseNotificationStream stream && stream.isAttached()) {
      listener.attach(stream);
    }
  }

  /** The session's listener on the worker's stream, opened if needed; null without a slot. */
  WorkerListener listen(GatewaySession session, UpstreamConfig upstream, UpstreamSession worker) {
    return held.listen(session, worker, workerEvents(session, upstream, worker));
  }

  /** The events of a worker's own stream as the aggregated stream carries them, redacted. */
  private RelayPlan.EventRewriter workerEvents(
      GatewaySession session, UpstreamConfig upstream, UpstreamSession worker) {
    UnaryOperator<String> redact = policy.eventRedaction(upstream);
    return (event, message) -> {
      SseEvent relayed = serverRequestIds(session, worker, event, message);
      String redacted = redact.apply(relayed.data());
      return redacted == null ? null : relayed.withData(redacted);
    };
  }

  /**
   * Rewrites the ids of a worker's requests to the client into gateway ids and drops the worker's
   * event ids, which mean nothing on the aggregated stream.
   */
  private static SseEvent serverRequestIds(
      GatewaySession session, UpstreamSession upstream, SseEvent event, JsonRpcMessage message) {
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
  }

  /** The event with the call's event rewrites (redaction) applied to its message. */
  static SseEvent rewritten(SseEvent event, WorkerCall call) {
    return event == null || event.data() == null || event.data().isBlank()
        ? event
        : event.withData(call.eventRewrite().apply(event.data()));
  }

  private static void writeError(ResponseStream out, String rawId, int code, String message) {
    out.finishJson(200, JsonRpcErrors.response(rawId, code, message));
  }
}
