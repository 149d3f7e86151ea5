package dev.toolgate.gateway.policy;

import dev.toolgate.gateway.auth.Authenticator;
import dev.toolgate.gateway.identity.IdentityTokens;
import dev.toolgate.gateway.routing.RoutingTable;
import java.util.List;
import java.util.function.Supplier;

/**
 * The one place that says which stages a call passes and in what order. Every path to a worker runs
 * one of these pipelines: {@code tools/call} on both endpoints, every other message of a
 * passthrough session, and on {@code /mcp} the requests for one worker's prompts, resources,
 * completion and logging.
 *
 * <p>The order follows the design: authenticate, authorize, rate limit, budget, loop check, cache
 * lookup, call the worker (with its timeout), redact, cache store, audit. Authentication happens at
 * the transport edge for every request (GET streams and DELETE too). Redaction and the cache store
 * act on the answer, so their stages sit before the worker call and add answer rewrites. The audit
 * record is opened by the first stage and closed when the call ends ({@link RecordCalls}).
 */
public final class Pipelines {

  private Pipelines() {}

  /** What the authorization and identity stages need. */
  public record Security(Authenticator authenticator, IdentityTokens identities) {}

  /**
   * {@code tools/call}, on {@code /mcp} and on passthrough endpoints. The caller was authenticated
   * at the transport edge, for every request; here the tool is resolved, then the caller's scopes
   * must grant it.
   *
   * @param routes the routing table in force
   * @param policy the state and settings of the policy stages
   * @param forward the endpoint's last stage, which sends the call to its worker and relays the
   *     answer
   */
  public static CallPipeline toolCalls(
      Supplier<RoutingTable> routes, Security security, PolicyServices policy, CallStage forward) {
    RecordCalls recorder = new RecordCalls(policy);
    return new CallPipeline(
        List.of(
            // First, so every call is recorded once however it ends, refusals included.
            recorder,
            new ResolveTool(routes, policy.counters),
            new AuthorizeToolCall(routes, security.authenticator()),
            new LimitRate(policy),
            new ChargeBudget(policy),
            new DetectLoops(policy),
            // Answer rewrites run in the order stages add them: redact, then the cache stores
            // (and shares with coalesced calls) the redacted answer, then the caller's own _meta.
            new RedactAnswers(policy),
            new CacheResults(policy),
            new AnnotateResults(policy),
            // A cache hit never reaches here: no identity token is signed for it.
            new MintIdentity(routes, security.authenticator(), security.identities()),
            // Last before the worker: its clock is the worker's, its answer the caller's.
            new ObserveAnswer(recorder),
            forward),
        policy.tracer());
  }

  /**
   * Every other message a session sends towards a worker: on a passthrough endpoint everything but
   * {@code tools/call} (initialize, lists, resources, prompts, completion, notifications, answers
   * to the worker's requests), which needs the McpTool's passthrough scope; on {@code /mcp} the
   * answers to a worker's requests and cancellations.
   */
  public static CallPipeline sessionMessages(
      Supplier<RoutingTable> routes, Security security, PolicyServices policy, CallStage forward) {
    return new CallPipeline(
        List.of(
            new AuthorizePassthrough(routes, security.authenticator()),
            new FilterListedTools(routes, policy.counters),
            new AdvertiseCost(routes),
            new RedactAnswers(policy),
            new MintIdentity(routes, security.authenticator(), security.identities()),
            forward));
  }

  /**
   * On {@code /mcp}, a request aimed at one worker other than {@code tools/call}: {@code
   * resources/read}, {@code prompts/get}, {@code completion/complete}, {@code logging/setLevel} and
   * each worker's page of {@code resources/list}, {@code resources/templates/list} and {@code
   * prompts/list}. The caller needs the worker's passthrough scope; the answer is redacted as the
   * worker's tool results are.
   */
  public static CallPipeline workerRequests(
      Supplier<RoutingTable> routes, Security security, PolicyServices policy, CallStage forward) {
    return new CallPipeline(
        List.of(
            new AuthorizeWorker(routes, security.authenticator()),
            new RedactAnswers(policy),
            new MintIdentity(routes, security.authenticator(), security.identities()),
            forward));
  }
}
