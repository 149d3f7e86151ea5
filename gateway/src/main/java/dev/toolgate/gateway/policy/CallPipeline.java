package dev.toolgate.gateway.policy;

import dev.toolgate.gateway.protocol.JsonRpcErrors;
import dev.toolgate.gateway.protocol.JsonRpcException;
import dev.toolgate.gateway.session.GatewaySession;
import dev.toolgate.gateway.tracing.CallSpan;
import dev.toolgate.gateway.tracing.CallTracer;
import java.util.List;

/**
 * An ordered list of stages; the last one sends the call to its worker. A traced pipeline gives
 * each call a span and each stage a child span that covers the stage's own work: it ends when the
 * stage hands on, answers or refuses, so the stages are siblings in the order they ran.
 */
public final class CallPipeline {

  private final List<CallStage> stages;
  private final String[] stageNames;
  private final CallTracer tracer;

  public CallPipeline(List<CallStage> stages) {
    this(stages, CallTracer.OFF);
  }

  public CallPipeline(List<CallStage> stages, CallTracer tracer) {
    if (stages.isEmpty()) {
      throw new IllegalArgumentException("a pipeline needs at least the stage that forwards");
    }
    this.stages = List.copyOf(stages);
    this.tracer = tracer;
    this.stageNames = this.stages.stream().map(CallPipeline::stageName).toArray(String[]::new);
  }

  /** Runs the call through every stage in order. */
  public void run(WorkerCall call) throws JsonRpcException {
    if (!tracer.enabled()) {
      new Cursor(call, CallSpan.NONE).proceed();
      return;
    }
    CallSpan span = tracer.start(attributes(call));
    // The worker continues the gateway's trace, not whatever the client claimed.
    call.traceContext(span.traceparent(), span.tracestate());
    // Registered first: a stage may answer (a cache hit) before the pipeline returns.
    call.exchange().out().onDone(span::end);
    Cursor cursor = new Cursor(call, span);
    try {
      cursor.proceed();
    } catch (JsonRpcException e) {
      refused(call, cursor, span, e.code(), e.getMessage());
      throw e;
    } catch (RuntimeException e) {
      refused(call, cursor, span, JsonRpcErrors.INTERNAL_ERROR, e.getClass().getSimpleName());
      throw e;
    }
    cursor.endStage();
    span.tool(toolOf(call));
  }

  /** A refusal is answered by the caller of the pipeline, not through the stream: end here. */
  private static void refused(
      WorkerCall call, Cursor cursor, CallSpan span, int code, String description) {
    cursor.refused(code, description);
    cursor.endStage();
    span.tool(toolOf(call));
    span.failed(code, description);
    span.end();
  }

  private static String toolOf(WorkerCall call) {
    return call.route() == null ? null : call.route().exposedName();
  }

  /** The stages in order, for tests and the startup log. */
  public List<CallStage> stages() {
    return stages;
  }

  private static CallTracer.CallAttributes attributes(WorkerCall call) {
    GatewaySession session = call.session();
    return new CallTracer.CallAttributes(
        call.exchange().headers().get("traceparent"),
        call.exchange().headers().get("tracestate"),
        session == null ? null : session.idHash(),
        call.message().rawId(),
        session == null ? null : session.protocolVersion(),
        call.isPassthrough() ? "passthrough" : "aggregated");
  }

  private static String stageName(CallStage stage) {
    String name = stage.getClass().getSimpleName();
    return name.isEmpty() || name.contains("$Lambda") ? "forward" : name;
  }

  private final class Cursor implements CallStage.CallChain {
    private final WorkerCall call;
    private final CallSpan span;
    private CallSpan.StageSpan current = CallSpan.StageSpan.NONE;
    private int next;

    Cursor(WorkerCall call, CallSpan span) {
      this.call = call;
      this.span = span;
    }

    @Override
    public void proceed() throws JsonRpcException {
      if (next >= stages.size()) {
        throw new IllegalStateException("the last stage of a pipeline must not proceed");
      }
      int index = next++;
      if (span != CallSpan.NONE) {
        current.end();
        current = span.stage(stageNames[index]);
      }
      stages.get(index).apply(call, this);
    }

    /** The stage whose span is open refused the call. */
    void refused(int code, String description) {
      current.refused(code, description);
    }

    void endStage() {
      current.end();
      current = CallSpan.StageSpan.NONE;
    }
  }
}
