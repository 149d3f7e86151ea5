package dev.toolgate.gateway.policy;

import dev.toolgate.gateway.protocol.JsonRpcException;

/**
 * The stage just before the worker is called: starts the upstream clock and sees the worker's
 * answer last, after redaction and the caller's {@code _meta}, exactly as the caller gets it; a
 * {@code sync} tool's call waits here until its record is durable. A cache hit never gets here.
 */
public final class ObserveAnswer implements CallStage {

  private final RecordCalls recorder;

  public ObserveAnswer(RecordCalls recorder) {
    this.recorder = recorder;
  }

  @Override
  public void apply(WorkerCall call, CallChain chain) throws JsonRpcException {
    recorder.beforeWorker(call, chain);
  }
}
