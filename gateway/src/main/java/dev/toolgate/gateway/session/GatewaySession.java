package dev.toolgate.gateway.session;

import dev.toolgate.gateway.upstream.UpstreamSession;
import dev.toolgate.gateway.upstream.WorkerListener;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One client session with the gateway. The gateway issues its own session ids and keeps the
 * workers' ids to itself, so a session can later be bound to the caller's identity and a worker
 * session is never reachable from another client.
 *
 * <p>A passthrough session has exactly one worker session, opened by relaying the client's
 * initialize. An aggregated session opens a worker session per worker on first use.
 */
public final class GatewaySession {

  /** A server-to-client request of a worker, relayed under a gateway-issued id. */
  public record PendingServerRequest(UpstreamSession upstream, String originalRawId) {}

  private final String id;
  private final String passthroughUpstream;
  private final String protocolVersion;
  private final String clientInitializeParams;
  private final String clientAddress;
  private final String owner;
  private volatile String idHash;
  private final WorkerSessions workers = new WorkerSessions();
  private final Map<String, PendingServerRequest> pendingServerRequests = new ConcurrentHashMap<>();
  private final Map<String, UpstreamSession> requestsInFlight = new ConcurrentHashMap<>();
  private final AtomicLong serverRequestCounter = new AtomicLong();
  private final AtomicReference<NotificationStream> stream = new AtomicReference<>();
  private final Map<String, WorkerListener> listeners = new ConcurrentHashMap<>();
  private volatile String listedToolsFingerprint;
  private volatile Instant lastUsed;

  GatewaySession(
      String id,
      String passthroughUpstream,
      String protocolVersion,
      String clientInitializeParams,
      String clientAddress,
      String owner,
      Instant now) {
    this.id = id;
    this.owner = owner;
    this.clientAddress = clientAddress;
    this.passthroughUpstream = passthroughUpstream;
    this.protocolVersion = protocolVersion;
    this.clientInitializeParams = clientInitializeParams;
    this.lastUsed = now;
  }

  public String id() {
    return id;
  }

  /** The worker id of a passthrough session, {@code null} for an aggregated one. */
  public String passthroughUpstream() {
    return passthroughUpstream;
  }

  public boolean isAggregated() {
    return passthroughUpstream == null;
  }

  /** The version negotiated with the client (aggregated sessions only). */
  public String protocolVersion() {
    return protocolVersion;
  }

  /** The client's initialize params as JSON, replayed to each worker (aggregated sessions). */
  public String clientInitializeParams() {
    return clientInitializeParams;
  }

  /** The worker sessions this client session holds. */
  public WorkerSessions workers() {
    return workers;
  }

  /**
   * What the per-client session cap counts this session against: its owner when the caller was
   * authenticated, else the address it was opened from.
   */
  public String clientAddress() {
    return clientAddress;
  }

  /**
   * The principal that opened the session ({@code issuer subject}), {@code null} for an anonymous
   * one; only the same principal may use it.
   */
  public String owner() {
    return owner;
  }

  /**
   * A hash of the session id for identity tokens: workers can tell calls of one session apart from
   * others without ever holding an id that would let them act in the session.
   */
  public String idHash() {
    String hash = idHash;
    if (hash == null) {
      try {
        byte[] digest =
            java.security.MessageDigest.getInstance("SHA-256")
                .digest(id.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        hash =
            java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(java.util.Arrays.copyOf(digest, 16));
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is part of every JDK", e);
      }
      idHash = hash;
    }
    return hash;
  }

  /** Registers a worker's request to the client and returns the id the client sees. */
  public String registerServerRequest(UpstreamSession upstream, String originalRawId) {
    String gatewayId = "\"tg-" + serverRequestCounter.incrementAndGet() + "\"";
    pendingServerRequests.put(gatewayId, new PendingServerRequest(upstream, originalRawId));
    return gatewayId;
  }

  /** Removes and returns the worker request a client response answers, or {@code null}. */
  public PendingServerRequest takeServerRequest(String rawId) {
    return pendingServerRequests.remove(rawId);
  }

  /** Remembers which worker serves a client request, so a cancellation can follow it. */
  public void requestStarted(String rawId, UpstreamSession upstream) {
    requestsInFlight.put(rawId, upstream);
  }

  public void requestEnded(String rawId) {
    requestsInFlight.remove(rawId);
  }

  public UpstreamSession upstreamOfRequest(String rawId) {
    return requestsInFlight.get(rawId);
  }

  /** Sets the session's notification stream; false when one is already open. */
  public boolean openStream(NotificationStream candidate) {
    return stream.compareAndSet(null, candidate);
  }

  public void streamClosed(NotificationStream closed) {
    stream.compareAndSet(closed, null);
  }

  public NotificationStream stream() {
    return stream.get();
  }

  /** Keeps the listener on a worker's stream; false when the session has one for that worker. */
  public boolean listen(String upstreamId, WorkerListener listener) {
    return listeners.putIfAbsent(upstreamId, listener) == null;
  }

  /** The listener on a worker's stream, or {@code null}. */
  public WorkerListener listener(String upstreamId) {
    return listeners.get(upstreamId);
  }

  /** Forgets a listener whose stream ended, unless it was already replaced. */
  public void listenerEnded(String upstreamId, WorkerListener ended) {
    listeners.remove(upstreamId, ended);
  }

  /** The listeners on the session's worker streams. */
  public Collection<WorkerListener> listeners() {
    return listeners.values();
  }

  /** Ends every worker stream the session listens to (its client stream ended, or the session). */
  public void closeListeners() {
    listeners.values().forEach(WorkerListener::close);
  }

  public String listedToolsFingerprint() {
    return listedToolsFingerprint;
  }

  public void listedTools(String fingerprint) {
    listedToolsFingerprint = fingerprint;
  }

  void touch(Instant now) {
    lastUsed = now;
  }

  Instant lastUsed() {
    return lastUsed;
  }
}
