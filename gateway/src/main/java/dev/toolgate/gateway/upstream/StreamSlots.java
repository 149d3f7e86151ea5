package dev.toolgate.gateway.upstream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Caps the GET streams open to each worker, so clients (or one client opening many sessions) cannot
 * hold an unbounded number of long-lived worker connections; the cap is the size of the stream
 * pool, which calls never share.
 */
public final class StreamSlots {

  private final int maxPerWorker;
  private final Map<String, Integer> open = new ConcurrentHashMap<>();

  public StreamSlots(int maxPerWorker) {
    this.maxPerWorker = maxPerWorker;
  }

  /** Takes a slot on the worker; {@code false} when all are taken. */
  public boolean tryAcquire(String upstreamId) {
    boolean[] taken = new boolean[1];
    open.compute(
        upstreamId,
        (id, count) -> {
          int held = count == null ? 0 : count;
          taken[0] = held < maxPerWorker;
          return taken[0] ? held + 1 : count;
        });
    return taken[0];
  }

  public void release(String upstreamId) {
    open.computeIfPresent(upstreamId, (id, count) -> count <= 1 ? null : count - 1);
  }

  /** GET streams open to all workers together, for metrics. */
  public int openTotal() {
    int total = 0;
    for (int count : open.values()) {
      total += count;
    }
    return total;
  }

  public int open(String upstreamId) {
    return open.getOrDefault(upstreamId, 0);
  }
}
