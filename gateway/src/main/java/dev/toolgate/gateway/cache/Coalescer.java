package dev.toolgate.gateway.cache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Identical calls in flight at once share one upstream call: the first is the leader and makes it,
 * the others follow and get its answer. A leader that ends without an answer to share lets its
 * followers go (each then joins again: one of them leads the next attempt).
 */
public final class Coalescer {

  private final ConcurrentMap<String, Flight> flights = new ConcurrentHashMap<>();

  /** One upstream call that identical calls wait for. */
  public final class Flight {
    private final String key;
    private final CompletableFuture<byte[]> answer = new CompletableFuture<>();

    private Flight(String key) {
      this.key = key;
    }

    /**
     * The leader's answer; the flight stays joinable until {@code stored} completes, so a call that
     * just missed the cache while the answer was being stored follows instead of calling the tool
     * again.
     */
    public void succeed(byte[] value, CompletionStage<?> stored) {
      answer.complete(value);
      stored.whenComplete((ok, error) -> flights.remove(key, this));
    }

    /** The leader ended without an answer to share: followers try again themselves. */
    public void fail() {
      flights.remove(key, this);
      answer.complete(null);
    }

    /** Completes with the answer, or {@code null} when the leader had none to share. */
    public CompletableFuture<byte[]> answer() {
      return answer;
    }
  }

  /** The outcome of joining: lead a new flight, or follow one already in the air. */
  public record Ticket(Flight flight, boolean leads) {}

  /** Leads a new flight for {@code key}, or follows the one in flight. */
  public Ticket join(String key) {
    Flight fresh = new Flight(key);
    Flight existing = flights.putIfAbsent(key, fresh);
    return existing == null ? new Ticket(fresh, true) : new Ticket(existing, false);
  }

  /** A flight in the air for {@code key}, or {@code null}. */
  public Flight inFlight(String key) {
    return flights.get(key);
  }

  /** Flights in the air, for tests. */
  public int size() {
    return flights.size();
  }
}
