package dev.toolgate.gateway.session;

import dev.toolgate.gateway.protocol.JsonRpcErrors;
import dev.toolgate.gateway.protocol.JsonRpcException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * All live client sessions. A session ends on DELETE or after sitting idle (an open stream does not
 * keep it alive: a client that left without DELETE must not hold worker connections forever); an id
 * that is not here answers 404, which tells the client to initialize again, and so does the id of a
 * session another principal opened. Sessions are capped in total and per principal (per client
 * address when anonymous), so one client cannot exhaust the gateway's memory.
 */
public final class SessionRegistry {

  /**
   * @param maxSessions sessions held at once, all clients together
   * @param maxSessionsPerClient sessions one principal (one client address when anonymous) may hold
   * @param idleTimeout how long a session may go without a request
   */
  public record Limits(int maxSessions, int maxSessionsPerClient, Duration idleTimeout) {}

  private final Map<String, GatewaySession> sessions = new ConcurrentHashMap<>();
  private final Map<String, Integer> perClient = new ConcurrentHashMap<>();
  private final AtomicInteger total = new AtomicInteger();
  private final Clock clock;
  private final Limits limits;

  public SessionRegistry(Clock clock, Limits limits) {
    this.clock = clock;
    this.limits = limits;
  }

  /**
   * @param clientKey what the per-client cap counts: the owner when authenticated, else the
   *     client's address
   * @param owner the principal opening the session, {@code null} when anonymous
   */
  public GatewaySession createAggregated(
      String protocolVersion, String clientInitializeParams, String clientKey, String owner)
      throws JsonRpcException {
    reserve(clientKey);
    return add(
        new GatewaySession(
            SessionIds.next(),
            null,
            protocolVersion,
            clientInitializeParams,
            clientKey,
            owner,
            clock.instant()));
  }

  /**
   * Reserves room for a passthrough session before its handshake is relayed; {@link
   * #createPassthrough} then uses it, {@link #release} gives it back when the worker refused.
   */
  public void reserve(String clientAddress) throws JsonRpcException {
    boolean[] refused = new boolean[1];
    perClient.compute(
        clientAddress,
        (address, count) -> {
          int held = count == null ? 0 : count;
          refused[0] = held >= limits.maxSessionsPerClient();
          return refused[0] ? count : held + 1;
        });
    if (refused[0]) {
      throw new JsonRpcException(
          429,
          JsonRpcErrors.INVALID_REQUEST,
          "Too Many Requests: this client holds "
              + limits.maxSessionsPerClient()
              + " sessions, the most allowed; delete sessions it no longer uses");
    }
    if (total.incrementAndGet() > limits.maxSessions()) {
      release(clientAddress);
      throw new JsonRpcException(
          503,
          JsonRpcErrors.INVALID_REQUEST,
          "Service Unavailable: the gateway holds its maximum of "
              + limits.maxSessions()
              + " sessions; try again later");
    }
  }

  /** Gives back a reservation that did not become a session, or the room of a removed one. */
  public void release(String clientAddress) {
    total.decrementAndGet();
    perClient.computeIfPresent(clientAddress, (address, count) -> count <= 1 ? null : count - 1);
  }

  /** A passthrough session on room already {@link #reserve reserved}. */
  public GatewaySession createPassthrough(String upstreamId, String clientKey, String owner) {
    return add(
        new GatewaySession(
            SessionIds.next(), upstreamId, null, null, clientKey, owner, clock.instant()));
  }

  private GatewaySession add(GatewaySession session) {
    sessions.put(session.id(), session);
    return session;
  }

  /**
   * The session with this id if {@code owner} opened it, marked as used now; {@code null} when
   * unknown or another principal's (the two are told apart by no one: a session id is no secret
   * that proves anything, the token is).
   */
  public GatewaySession find(String id, String owner) {
    GatewaySession session = sessions.get(id);
    if (session == null || !java.util.Objects.equals(session.owner(), owner)) {
      return null;
    }
    session.touch(clock.instant());
    return session;
  }

  /** Looks a session of {@code owner} up without marking it used. */
  public GatewaySession peek(String id, String owner) {
    GatewaySession session = sessions.get(id);
    return session != null && java.util.Objects.equals(session.owner(), owner) ? session : null;
  }

  /** Removes a session; {@code false} when it was already gone. */
  public boolean remove(GatewaySession session) {
    if (!sessions.remove(session.id(), session)) {
      return false;
    }
    release(session.clientAddress());
    return true;
  }

  public Collection<GatewaySession> all() {
    return sessions.values();
  }

  public int size() {
    return sessions.size();
  }

  /** Removes sessions idle longer than the timeout and hands each to {@code onExpired}. */
  public void expireIdle(Consumer<GatewaySession> onExpired) {
    Instant cutoff = clock.instant().minus(limits.idleTimeout());
    for (GatewaySession session : sessions.values()) {
      if (session.lastUsed().isBefore(cutoff) && remove(session)) {
        onExpired.accept(session);
      }
    }
  }
}
