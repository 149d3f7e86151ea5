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
 * lookup, call the worker (with its timeout), redact, cache store, audit. The stages that exist
 * today are marked; the others slot in where the comment stands.
 */
public final class Pipelines {

  private Pipelines() {}

  /**
   * {@code tools/call}, on {@code /mcp} and on passthrough endpoints.
   *
   * @param routes the routing table in force
   * @param forward the endpoint's last stage, which sends the call to its worker and relays the
   *     answer
   */
  public static CallPipeline toolCalls(Supplier<RoutingTable> routes, CallStage forward) {
    return new CallPipeline(
        List.of(
            // authenticate -> authorize (scopes) -> rate limit -> budget -> loop check -> cache
            new ResolveTool(routes), forward));
  }

  /**
   * Every other message a session sends towards a worker: on a passthrough endpoint everything but
   * {@code tools/call} (initialize, lists, resources, prompts, completion, notifications, answers
   * to the worker's requests); on {@code /mcp} the answers to a worker's requests and
   * cancellations.
   */
  public static CallPipeline sessionMessages(Supplier<RoutingTable> routes, CallStage forward) {
    return new CallPipeline(
        List.of(
            // authenticate -> authorize (the McpTool's scope)
            new FilterListedTools(routes), forward));
  }
}
