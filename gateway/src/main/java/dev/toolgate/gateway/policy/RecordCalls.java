package dev.toolgate.gateway.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.api.config.AuditConfig;
import dev.toolgate.gateway.auth.Principal;
import dev.toolgate.gateway.calls.CallOutcome;
import dev.toolgate.gateway.calls.FinishedCall;
import dev.toolgate.gateway.canonical.CanonicalJson;
import dev.toolgate.gateway.protocol.JsonRpcErrors;
import dev.toolgate.gateway.protocol.JsonRpcException;
import dev.toolgate.gateway.routing.ToolRoute;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first stage of every {@code tools/call}: records the call exactly once when it ends, however
 * it ends. A refusal thrown by a later stage is recorded before its answer goes out; a worker's
 * answer when {@link ObserveAnswer} sees it; anything else (a cache hit, a refusal decided later, a
 * worker that failed or timed out, a client that left) when the exchange is done, from the answer's
 * bytes. Nothing here blocks or starts a thread, except that a tool audited with {@code sync} waits
 * for its record to be in the spool before its answer is sent.
 */
public final class RecordCalls implements CallStage {

  private static final Logger LOG = LoggerFactory.getLogger(RecordCalls.class);

  private final PolicyServices services;

  public RecordCalls(PolicyServices services) {
    this.services = services;
  }

  @Override
  public void apply(WorkerCall call, CallChain chain) throws JsonRpcException {
    CallRecording recording = services.recording();
    if (recording.off()) {
      chain.proceed();
      return;
    }
    CallRecord record = new CallRecord(System.currentTimeMillis(), System.nanoTime());
    call.record(record);
    services.answers.onDone(call, () -> ended(call, record));
    try {
      if (!recording.observer().accepting()) {
        throw new JsonRpcException(
            503,
            PolicyErrors.POLICY_UNAVAILABLE,
            "Service Unavailable: calls cannot be audited now",
            call.message().rawId());
      }
      chain.proceed();
    } catch (JsonRpcException e) {
      emit(call, record, Outcomes.ofGatewayError(e.code()), e.code(), null);
      throw e;
    } catch (RuntimeException e) {
      emit(call, record, CallOutcome.INTERNAL_ERROR, JsonRpcErrors.INTERNAL_ERROR, null);
      throw e;
    }
  }

  /** The exchange is done: records the call unless its answer was recorded already. */
  private void ended(WorkerCall call, CallRecord record) {
    if (record.outcome() != null) {
      emit(call, record, record.outcome(), null, null);
      return;
    }
    Outcomes.Answer answer = Outcomes.read(services.answers.finalBytes(call));
    if (answer == null) {
      emit(call, record, CallOutcome.CLIENT_GONE, null, null);
    } else if (answer.errorCode() != null) {
      emit(call, record, Outcomes.ofGatewayError(answer.errorCode()), answer.errorCode(), null);
    } else {
      emit(call, record, answer.toolError() ? CallOutcome.TOOL_ERROR : CallOutcome.OK, null, null);
    }
  }

  /** A worker's answer, about to be relayed: {@code answer} is what the caller gets. */
  void answered(WorkerCall call, CallRecord record, byte[] answer) {
    record.upstreamAnswered();
    Outcomes.Answer read = Outcomes.read(answer);
    CallOutcome outcome =
        read == null || read.errorCode() != null || read.toolError()
            ? CallOutcome.TOOL_ERROR
            : CallOutcome.OK;
    emit(call, record, outcome, read == null ? null : read.errorCode(), answer);
  }

  private void emit(
      WorkerCall call, CallRecord record, CallOutcome outcome, Integer errorCode, byte[] answer) {
    if (record.claim()) {
      services.recording().observer().finished(record(call, record, outcome, errorCode, answer));
    }
  }

  /**
   * The last step before the worker: starts the upstream clock and sees the answer last, as the
   * caller gets it. A {@code sync} tool's call first waits, on a virtual thread, until its
   * unfinished record is in the spool: the worker never runs a call the audit log does not hold.
   */
  void beforeWorker(WorkerCall call, CallChain chain) throws JsonRpcException {
    CallRecord record = call.record();
    if (record == null) {
      chain.proceed();
      return;
    }
    AuditConfig audit = auditOf(call.route());
    if (audit == null || !audit.isSync()) {
      toWorker(call, record, chain);
      return;
    }
    FinishedCall unfinished = record(call, record, CallOutcome.UNFINISHED, null, null);
    Thread.startVirtualThread(
        () -> {
          try {
            if (!services.recording().observer().startedDurably(unfinished)) {
              throw new JsonRpcException(
                  503,
                  PolicyErrors.POLICY_UNAVAILABLE,
                  "Service Unavailable: the call cannot be audited now",
                  call.message().rawId());
            }
            toWorker(call, record, chain);
          } catch (JsonRpcException refused) {
            services.answers.refuse(call, refused);
          } catch (RuntimeException e) {
            LOG.error("a sync-audited call failed on its way to the worker", e);
            services.answers.answer(
                call,
                500,
                java.util.List.of(),
                JsonRpcErrors.response(
                    call.message().rawId(), JsonRpcErrors.INTERNAL_ERROR, "Internal error"));
          }
        });
  }

  private void toWorker(WorkerCall call, CallRecord record, CallChain chain)
      throws JsonRpcException {
    record.upstreamStarted();
    call.rewriteAnswer(
        answer -> {
          answered(call, record, answer);
          return answer;
        });
    chain.proceed();
  }

  private FinishedCall record(
      WorkerCall call, CallRecord record, CallOutcome outcome, Integer errorCode, byte[] answer) {
    long now = System.nanoTime();
    ToolRoute route = call.route();
    AuditConfig audit = auditOf(route);
    Principal caller = call.principal();
    return new FinishedCall(
        record.id,
        record.startMillis,
        call.isPassthrough() ? "passthrough" : "mcp",
        caller == null ? null : caller.issuer(),
        caller == null ? null : caller.subject(),
        caller == null ? null : caller.clientId(),
        call.session() == null ? null : call.session().id(),
        route == null ? null : route.upstream().id(),
        route == null ? call.message().paramsName() : route.exposedName(),
        argumentsHash(call),
        outcome,
        errorCode,
        (now - record.startNanos) / 1000,
        record.upstreamMicros(now),
        route == null || refused(outcome) ? 0 : route.policy() == null ? 1 : costOf(route),
        TraceParent.traceId(call.headers().traceparent()),
        services.recording().configVersion().get(),
        audit != null && audit.isSync(),
        audit != null && audit.recordsArguments() ? redactedArguments(call, route) : null,
        audit != null && audit.recordsResult() && answer != null ? summary(answer) : null);
  }

  private static AuditConfig auditOf(ToolRoute route) {
    return route == null || route.policy() == null ? null : route.policy().audit();
  }

  private static int costOf(ToolRoute route) {
    return route.policy().costOrDefault();
  }

  /** The call never ran: nothing is accounted. */
  private static boolean refused(CallOutcome outcome) {
    return switch (outcome) {
      case DENIED, RATE_LIMITED, OVER_BUDGET, LOOP, INVALID, UNAVAILABLE, INTERNAL_ERROR -> true;
      case UNFINISHED -> false;
      default -> false;
    };
  }

  private static String argumentsHash(WorkerCall call) {
    try {
      return "sha256:" + call.policyState().argumentsDigest(call);
    } catch (JsonRpcException e) {
      return null;
    }
  }

  /** The arguments as canonical JSON, redacted as the tool's answers are; {@code null} if not. */
  private String redactedArguments(WorkerCall call, ToolRoute route) {
    JsonNode arguments;
    try {
      arguments = CanonicalJson.parse(call.message().bytes()).path("params").path("arguments");
    } catch (IOException e) {
      return null;
    }
    if (arguments.isMissingNode()) {
      return "{}";
    }
    String redacted = services.eventRedaction(route.upstream()).apply(CanonicalJson.of(arguments));
    return redacted == null ? null : cut(redacted, ARGUMENTS_CHARS);
  }

  /** The start of the answer the caller got (redacted already), at most 2 KiB of text. */
  static String summary(byte[] answer) {
    return cut(new String(answer, StandardCharsets.UTF_8), SUMMARY_CHARS);
  }

  private static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "…";
  }

  /** Recorded arguments are cut here: a record stays one small line of the spool. */
  static final int ARGUMENTS_CHARS = 16_000;

  static final int SUMMARY_CHARS = 2048;
}
