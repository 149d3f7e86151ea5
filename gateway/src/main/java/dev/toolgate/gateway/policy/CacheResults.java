package dev.toolgate.gateway.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.toolgate.gateway.cache.Coalescer;
import dev.toolgate.gateway.calls.CallOutcome;
import dev.toolgate.gateway.canonical.Digests;
import dev.toolgate.gateway.protocol.JsonRpcErrors;
import dev.toolgate.gateway.protocol.JsonRpcException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Answers a call of a cacheable tool from the cache, and stores what the worker answered (after
 * redaction) for the tool's time to live. The key is the tool, the hash of its current definition,
 * the canonical arguments and the caller (or nobody, for a cache the McpTool shares). Errors and
 * {@code isError} results are never stored. Identical calls in flight at once make one upstream
 * call; each gets the answer under its own id. A request whose {@code _meta} holds {@code
 * "dev.toolgate/cache": "refresh"} is sent to the worker and its answer replaces the entry — unless
 * the caller is looping, which is answered from the cache regardless.
 */
public final class CacheResults implements CallStage {

  private final PolicyServices services;

  public CacheResults(PolicyServices services) {
    this.services = services;
  }

  @Override
  public void apply(WorkerCall call, CallChain chain) throws JsonRpcException {
    PolicyState state = call.policyState();
    CallPolicy policy = state.policy(call, services.policies);
    if (policy == null || policy.cache() == null) {
      chain.proceed();
      return;
    }
    CallPolicy.CacheRule rule = policy.cache();
    String partition =
        rule.shared() ? "shared" : "caller:" + state.caller(call, services.callers).id();
    String key =
        Digests.sha256(
            "v1",
            call.route().upstream().id(),
            call.route().upstreamName(),
            call.route().definition().hash(),
            partition,
            state.argumentsDigest(call));
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(call.route().timeoutMillis());
    if (state.refresh(call) && !state.looping()) {
      services.counters.cacheBypasses.increment();
      lead(call, chain, key, rule, null);
      return;
    }
    Coalescer.Flight flying = services.coalescer.inFlight(key);
    if (flying != null) {
      follow(call, chain, key, rule, flying, deadline);
      return;
    }
    Continuation.then(
        call,
        services.answers,
        services.cache.get(key),
        stored -> {
          if (stored != null) {
            hit(call, stored);
          } else {
            join(call, chain, key, rule, deadline);
          }
        },
        failure -> {
          services.counters.cacheFailures.increment();
          join(call, chain, key, rule, deadline);
        });
  }

  private void hit(WorkerCall call, byte[] stored) {
    services.counters.cacheHits.increment();
    CallRecord.answered(call, CallOutcome.CACHE_HIT);
    PolicyState state = call.policyState();
    if (state.looping()) {
      services.counters.loopsAnsweredFromCache.increment();
    }
    services.answers.answer(
        call,
        200,
        List.of(),
        state
            .meta()
            .response(
                call.message().rawId(),
                new String(stored, StandardCharsets.UTF_8),
                Map.of(ResultMeta.CACHE, TextNode.valueOf("hit"))));
  }

  private void join(
      WorkerCall call, CallChain chain, String key, CallPolicy.CacheRule rule, long deadline)
      throws JsonRpcException {
    Coalescer.Ticket ticket = services.coalescer.join(key);
    if (ticket.leads()) {
      services.counters.cacheMisses.increment();
      lead(call, chain, key, rule, ticket.flight());
    } else {
      follow(call, chain, key, rule, ticket.flight(), deadline);
    }
  }

  /**
   * Sends the call on and stores its answer; {@code flight} (absent for a refresh) gets the answer
   * for the calls that wait, or is let go when the call ends without one.
   */
  private void lead(
      WorkerCall call,
      CallChain chain,
      String key,
      CallPolicy.CacheRule rule,
      Coalescer.Flight flight)
      throws JsonRpcException {
    AtomicBoolean settled = new AtomicBoolean();
    call.rewriteAnswer(
        answer -> {
          if (settled.compareAndSet(false, true)) {
            CompletionStage<?> stored = store(key, rule, answer);
            if (flight != null) {
              flight.succeed(answer, stored);
            }
          }
          return answer;
        });
    if (flight != null) {
      services.answers.onDone(
          call,
          () -> {
            if (settled.compareAndSet(false, true)) {
              flight.fail();
            }
          });
    }
    try {
      chain.proceed();
    } catch (JsonRpcException | RuntimeException e) {
      if (flight != null && settled.compareAndSet(false, true)) {
        flight.fail();
      }
      throw e;
    }
  }

  /** Stores the result of an answer that is a success; completes when the store is done. */
  private CompletionStage<?> store(String key, CallPolicy.CacheRule rule, byte[] answer) {
    byte[] result = CacheableResults.of(answer);
    if (result == null || result.length > services.options.cacheMaxEntryBytes()) {
      return CompletableFuture.completedFuture(null);
    }
    services.counters.cacheStores.increment();
    return services
        .cache
        .put(key, result, rule.ttl())
        .exceptionally(
            error -> {
              services.counters.cacheFailures.increment();
              return null;
            });
  }

  /**
   * Waits for the identical call in flight, at most this call's timeout: its answer comes back
   * under this call's id; when it ended without one, this call tries again.
   */
  private void follow(
      WorkerCall call,
      CallChain chain,
      String key,
      CallPolicy.CacheRule rule,
      Coalescer.Flight flight,
      long deadline) {
    long left = deadline - System.nanoTime();
    services.answers.waiting(call, TimeUnit.NANOSECONDS.toMillis(left) + 5_000);
    flight
        .answer()
        .copy()
        .orTimeout(Math.max(1, left), TimeUnit.NANOSECONDS)
        .whenComplete(
            (answer, error) -> {
              try {
                if (error != null) {
                  timedOut(call, error);
                } else if (answer == null) {
                  join(call, chain, key, rule, deadline);
                } else {
                  services.counters.cacheCoalesced.increment();
                  CallRecord.answered(call, CallOutcome.COALESCED);
                  services.answers.answer(call, 200, List.of(), reissue(call, answer));
                }
              } catch (JsonRpcException refused) {
                services.answers.refuse(call, refused);
              }
            });
  }

  /** The leader's answer under this call's id, with this call's own {@code _meta}. */
  private static byte[] reissue(WorkerCall call, byte[] answer) {
    try {
      ObjectNode message = (ObjectNode) PolicyErrors.JSON.readTree(answer);
      message.set("id", PolicyErrors.JSON.readTree(call.message().rawId()));
      if (!(message.get("result") instanceof ObjectNode)) {
        return PolicyErrors.JSON.writeValueAsBytes(message);
      }
      return call.policyState()
          .meta()
          .response(
              call.message().rawId(),
              PolicyErrors.JSON.writeValueAsString(message.get("result")),
              Map.of(ResultMeta.CACHE, TextNode.valueOf("coalesced")));
    } catch (IOException e) {
      throw new IllegalStateException("a relayed answer is always JSON", e);
    }
  }

  private void timedOut(WorkerCall call, Throwable error) {
    Throwable cause = error.getCause() == null ? error : error.getCause();
    String message =
        cause instanceof TimeoutException
            ? "Upstream "
                + call.route().upstream().id()
                + " did not answer within "
                + call.route().timeoutMillis()
                + " ms"
            : "Internal error";
    services.answers.answer(
        call,
        200,
        List.of(),
        JsonRpcErrors.response(
            call.message().rawId(),
            cause instanceof TimeoutException
                ? JsonRpcErrors.UPSTREAM_TIMEOUT
                : JsonRpcErrors.INTERNAL_ERROR,
            message));
  }
}
