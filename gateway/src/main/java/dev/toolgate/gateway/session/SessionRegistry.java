package dev.toolgate.gateway.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * All live client sessions. A session ends on DELETE or after sitting idle; an id that is not here
 * answers 404, which tells the client to initialize again.
 */
public final class SessionRegistry {

  private final Map<String, GatewaySession> sessions = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration idleTimeout;

  public SessionRegistry(Clock clock, Duration idleTimeout) {
    this.clock = clock;
    this.idleTimeout = idleTimeout;
  }

  public GatewaySession createAggregated(String protocolVersion, String clientInitializeParams) {
    return add(
        new GatewaySession(
            SessionIds.next(), null, protocolVersion, clientInitializeParams, clock.instant()));
  }

  public GatewaySession createPassthrough(String upstreamId) {
    return add(new GatewaySession(SessionIds.next(), upstreamId, null, null, clock.instant()));
  }

  private GatewaySession add(GatewaySession session) {
    sessions.put(session.id(), session);
    return session;
  }

  /** The session with this id, marked as used now; {@code null} when unknown. */
  public GatewaySession find(String id) {
    GatewaySession session = sessions.get(id);
    if (session != null) {
      session.touch(clock.instant());
    }
    return session;
  }

  public GatewaySession remove(String id) {
    return sessions.remove(id);
  }

  public Collection<GatewaySession> all() {
    return sessions.values();
  }

  public int size() {
    return sessions.size();
  }

  /** Removes sessions idle longer than the timeout and hands each to {@code onExpired}. */
  public void expireIdle(Consumer<GatewaySession> onExpired) {
    Instant cutoff = clock.instant().minus(idleTimeout);
    for (GatewaySession session : sessions.values()) {
      if (session.lastUsed().isBefore(cutoff) && session.stream() == null) {
        if (sessions.remove(session.id(), session)) {
          onExpired.accept(session);
        }
      }
    }
  }
}
