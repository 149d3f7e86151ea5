package dev.toolgate.gateway.server;

import dev.toolgate.gateway.session.GatewaySession;
import dev.toolgate.gateway.upstream.ForwardedHeaders;
import dev.toolgate.gateway.upstream.RelayPlan;
import dev.toolgate.gateway.upstream.StreamSlots;
import dev.toolgate.gateway.upstream.UpstreamHttp;
import dev.toolgate.gateway.upstream.UpstreamSession;
import dev.toolgate.gateway.upstream.WorkerListener;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Listens to a worker's GET stream from the moment a worker session exists, on both endpoints, so a
 * request or notification the worker sends before the client's own stream is attached is held and
 * delivered then instead of lost. A listener takes one of the worker's stream slots; when none is
 * free the session works as it would without (the client's GET opens the worker's stream). One that
 * no client stream takes within the hold window is closed, so sessions that never open a stream (or
 * vanish) do not keep worker connections.
 */
public final class HeldStreams {

  private final UpstreamHttp http;
  private final StreamSlots slots;
  private final WorkerListener.Bounds bounds;
  private final Duration window;
  private final Set<String> lateAnswers = ConcurrentHashMap.newKeySet();

  /**
   * @param window how long a listener waits for a client stream before it is closed
   */
  public HeldStreams(
      UpstreamHttp http, StreamSlots slots, WorkerListener.Bounds bounds, Duration window) {
    this.http = http;
    this.slots = slots;
    this.bounds = bounds;
    this.window = window;
  }

  /**
   * The session's listener on the worker's stream, opened now when it has none; {@code null} when
   * the worker has no stream slot free.
   */
  WorkerListener listen(
      GatewaySession session, UpstreamSession worker, RelayPlan.EventRewriter rewriter) {
    String upstreamId = worker.upstreamId();
    WorkerListener existing = session.listener(upstreamId);
    if (existing != null) {
      return existing;
    }
    if (!slots.tryAcquire(upstreamId)) {
      return null;
    }
    WorkerListener listener =
        new WorkerListener(
            upstreamId,
            rewriter,
            bounds,
            ended -> {
              session.listenerEnded(upstreamId, ended);
              slots.release(upstreamId);
            });
    if (!session.listen(upstreamId, listener)) {
      slots.release(upstreamId);
      return session.listener(upstreamId);
    }
    listener.start(
        http.openStream(
            worker.url(),
            worker.sessionId(),
            ForwardedHeaders.NONE.withProtocolVersion(worker.protocolVersion())));
    return listener;
  }

  /** Closes the listeners no client stream took within the hold window. */
  public void closeUnclaimed(Iterable<GatewaySession> sessions) {
    for (GatewaySession session : sessions) {
      for (WorkerListener listener : session.listeners()) {
        if (listener.unclaimedFor(window)) {
          listener.close();
        }
      }
    }
  }

  /**
   * Completes once the worker is listened to, so that what the client sends next (its {@code
   * notifications/initialized}, on which workers often speak first) reaches the worker after its
   * stream is in place: when the worker answered the GET (the TypeScript and Python SDKs answer at
   * once), or, for a worker that sends the headers only with its first event (the Java SDK), once
   * the GET went out. Whether a worker answers late is learned from each listener in turn: late
   * when its answer took longer than {@link #ANSWER_WAIT}, in time again as soon as one answers
   * within it (a worker slowed down once is waited for again next time).
   */
  CompletableFuture<Void> listening(String upstreamId, WorkerListener listener) {
    boolean answersLate = lateAnswers.contains(upstreamId);
    CompletableFuture<Boolean> answered = listener.ready(true, ANSWER_WAIT);
    answered.thenAccept(
        inTime -> {
          if (inTime) {
            lateAnswers.remove(upstreamId);
          } else {
            lateAnswers.add(upstreamId);
          }
        });
    return (answersLate ? listener.ready(false, SEND_WAIT) : answered).thenAccept(done -> {});
  }

  /** How long the client's next message waits for a worker to answer the gateway's GET. */
  static final Duration ANSWER_WAIT = Duration.ofSeconds(1);

  /** How long it waits for the GET to go out to a worker known to answer late. */
  static final Duration SEND_WAIT = Duration.ofSeconds(1);
}
