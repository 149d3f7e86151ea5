package dev.toolgate.gateway.policy;

import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.gateway.protocol.JsonRpcException;
import dev.toolgate.gateway.redaction.JsonRedactor;
import dev.toolgate.gateway.redaction.RedactionPlan;
import dev.toolgate.gateway.redaction.Redactor;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Redacts what a worker sends back before it leaves the gateway: the answer (result or error) and
 * every event relayed during the call (progress, logging, the worker's requests), on both
 * endpoints; the result cache stores what this produced. A worker whose configured redaction cannot
 * be applied is not called at all.
 */
public final class RedactAnswers implements CallStage {

  private final PolicyServices services;

  public RedactAnswers(PolicyServices services) {
    this.services = services;
  }

  @Override
  public void apply(WorkerCall call, CallChain chain) throws JsonRpcException {
    UpstreamConfig upstream = call.upstream();
    if (upstream == null) {
      chain.proceed();
      return;
    }
    RedactionPlan plan = services.policies.redaction(upstream);
    if (plan.unavailable() != null && call.message().isRequest()) {
      services.answers.answer(
          call,
          503,
          List.of(),
          PolicyErrors.response(
              call.message().rawId(),
              PolicyErrors.REDACTION_UNAVAILABLE,
              "Upstream "
                  + upstream.id()
                  + " is not called: its answers cannot be redacted as configured",
              null));
      return;
    }
    Redactor redactor = plan.redactor();
    if (redactor.isActive()) {
      call.rewriteAnswer(message -> redact(message, redactor));
      call.rewriteEvents(
          data ->
              new String(
                  redact(data.getBytes(StandardCharsets.UTF_8), redactor), StandardCharsets.UTF_8));
    }
    chain.proceed();
  }

  private byte[] redact(byte[] message, Redactor redactor) {
    byte[] redacted = JsonRedactor.redact(message, redactor);
    if (redacted != message) {
      services.counters.redactedMessages.increment();
    }
    return redacted;
  }
}
