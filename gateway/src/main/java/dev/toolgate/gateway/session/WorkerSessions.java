package dev.toolgate.gateway.session;

import dev.toolgate.gateway.upstream.UpstreamException;
import dev.toolgate.gateway.upstream.UpstreamSession;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The worker sessions one client session holds, one per worker. Concurrent first calls to a worker
 * open a single worker session: the handshake runs under a lock, the lookups that follow do not.
 */
public final class WorkerSessions {

  /** Opens a worker session (a blocking handshake). */
  @FunctionalInterface
  public interface Opener {
    UpstreamSession open() throws UpstreamException;
  }

  private final Map<String, UpstreamSession> byUpstream = new ConcurrentHashMap<>();
  private final ReentrantLock handshakeLock = new ReentrantLock();

  /** The open session on a worker, or {@code null}. */
  public UpstreamSession get(String upstreamId) {
    return byUpstream.get(upstreamId);
  }

  /** The open session on a worker, opened with {@code opener} when there is none yet. */
  public UpstreamSession getOrOpen(String upstreamId, Opener opener) throws UpstreamException {
    UpstreamSession existing = byUpstream.get(upstreamId);
    if (existing != null) {
      return existing;
    }
    handshakeLock.lock();
    try {
      existing = byUpstream.get(upstreamId);
      if (existing != null) {
        return existing;
      }
      UpstreamSession opened = opener.open();
      byUpstream.put(upstreamId, opened);
      return opened;
    } finally {
      handshakeLock.unlock();
    }
  }

  /** Records a session opened elsewhere (the passthrough relays the client's own handshake). */
  public void adopt(UpstreamSession session) {
    byUpstream.put(session.upstreamId(), session);
  }

  /** Forgets a session the worker no longer knows, unless it was already replaced. */
  public void forget(UpstreamSession session) {
    byUpstream.remove(session.upstreamId(), session);
  }

  /** Every open worker session. */
  public List<UpstreamSession> all() {
    return List.copyOf(byUpstream.values());
  }

  /** Removes and returns every session, for closing them. */
  public List<UpstreamSession> drain() {
    List<UpstreamSession> all = List.copyOf(byUpstream.values());
    all.forEach(this::forget);
    return all;
  }
}
