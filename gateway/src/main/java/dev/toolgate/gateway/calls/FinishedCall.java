package dev.toolgate.gateway.calls;

/**
 * One {@code tools/call} that has ended, however it ended: the record every observer (audit sinks,
 * metrics, traces) gets, exactly once per call. Wire-record rules apply: fields are appended, boxed
 * types are {@code null} when absent.
 *
 * @param id a random id of this record, unique across replicas: replays of the spool are idempotent
 *     by it
 * @param timeMillis when the gateway received the call, epoch milliseconds
 * @param endpoint {@code mcp} for the aggregated endpoint, {@code passthrough} otherwise
 * @param issuer the caller's token issuer, {@code null} without authentication
 * @param subject the caller's subject, {@code null} without authentication
 * @param clientId the OAuth client id of the caller's token, {@code null} when it names none
 * @param session the gateway session id
 * @param upstream the McpTool ({@code namespace/name}) of the tool, {@code null} when the call
 *     named no known tool
 * @param tool the tool name the caller used ({@code null} when the request named none)
 * @param argumentsHash {@code sha256:} of the canonical JSON of the arguments, {@code null} when
 *     they could not be read
 * @param outcome how the call ended
 * @param errorCode the JSON-RPC error code the caller got, {@code null} for a result
 * @param latencyMicros from receiving the call until its answer was ready to send
 * @param upstreamMicros from sending the call to the worker until its answer or failure, {@code
 *     null} when the worker was not called
 * @param cost the cost units the call is accounted with, 0 when it was refused
 * @param traceId the W3C trace id of the call, {@code null} when the request carried none
 * @param configVersion the hash of the gateway config in force
 * @param sync the tool is audited synchronously: its answer waited for this record's spool write
 * @param arguments the redacted arguments, where the McpTool opts in; else {@code null}
 * @param result a redacted summary of the answer, where the McpTool opts in; else {@code null}
 */
public record FinishedCall(
    String id,
    long timeMillis,
    String endpoint,
    String issuer,
    String subject,
    String clientId,
    String session,
    String upstream,
    String tool,
    String argumentsHash,
    CallOutcome outcome,
    Integer errorCode,
    long latencyMicros,
    Long upstreamMicros,
    int cost,
    String traceId,
    String configVersion,
    boolean sync,
    String arguments,
    String result) {}
