package dev.toolgate.gateway.tracing;

/**
 * The span of one {@code tools/call}, from the moment the gateway parsed it until its answer is
 * complete. {@link #NONE} when tracing is off: every method does nothing.
 */
public interface CallSpan {

  CallSpan NONE = new CallSpan() {};

  /** Starts the child span of a policy stage; the previous stage's must have ended. */
  default StageSpan stage(String name) {
    return StageSpan.NONE;
  }

  /** The tool the call resolved to ({@code gen_ai.tool.name}; the span is renamed after it). */
  default void tool(String exposedName) {}

  /** The call was refused or failed in the gateway: the JSON-RPC error code and why. */
  default void failed(int jsonRpcCode, String description) {}

  /** {@code traceparent} for the worker: this span as the parent; {@code null} when off. */
  default String traceparent() {
    return null;
  }

  /** {@code tracestate} for the worker, the client's carried on; {@code null} when none. */
  default String tracestate() {
    return null;
  }

  /** Ends the span; later calls do nothing. */
  default void end() {}

  /** A stage's span, ended when the stage hands on, answers or refuses. */
  interface StageSpan {
    StageSpan NONE = new StageSpan() {};

    /** The stage refused the call. */
    default void refused(int jsonRpcCode, String description) {}

    default void end() {}
  }
}
