package dev.toolgate.gateway.policy;

import dev.toolgate.gateway.routing.RoutingTable;
import java.util.List;
import java.util.function.Supplier;

/**
 * The one place that says which stages a call passes and in what order. Every path to a worker runs
 * one of these pipelines: {@code tools/call} on both endpoints, and every other message of a
 * passthrough session.
 *
 * <p>The order follows the design: authenticate, authorize, rate limit, budget, loop check, cache
 * lookup, call the worker (with its timeout), redact, cache store, audit. Redaction and the cache
 * store act on the answer, so their stages sit before the worker call and add answer rewrites; the
 * stages not built yet slot in where the comments stand.
 */
public final class Pipelines {

  private Pipelines() {}

  /**
   * {@code tools/call}, on {@code /mcp} and on passthrough endpoints.
   *
   * @param routes the routing table in force
   * @param policy the state and settings of the policy stages
   * @param forward the endpoint's last stage, which sends the call to its worker and relays the
   *     answer
   */
  public static CallPipeline toolCalls(
      Supplier<RoutingTable> routes, PolicyServices policy, CallStage forward) {
    return new CallPipeline(
        List.of(
            // authenticate -> authorize (scopes) slot in after ResolveTool
            new ResolveTool(routes),
            new LimitRate(policy),
            new ChargeBudget(policy),
            new DetectLoops(policy),
            // Answer rewrites run in the order stages add them: redact, then the cache stores
            // (and shares with coalesced calls) the redacted answer, then the caller's own _meta.
            new RedactAnswers(policy),
            new CacheResults(policy),
            new AnnotateResults(policy),
            forward));
  }

  /**
   * Every other message a session sends towards a worker: on a passthrough endpoint everything but
   * {@code tools/call} (initialize, lists, resources, prompts, completion, notifications, answers
   * to the worker's requests); on {@code /mcp} the answers to a worker's requests and
   * cancellations.
   */
  public static CallPipeline sessionMessages(
      Supplier<RoutingTable> routes, PolicyServices policy, CallStage forward) {
    return new CallPipeline(
        List.of(
            // authenticate -> authorize (the McpTool's scope)
            new FilterListedTools(routes),
            new AdvertiseCost(routes),
            new RedactAnswers(policy),
            forward));
  }
}
