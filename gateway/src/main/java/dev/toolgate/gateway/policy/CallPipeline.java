package dev.toolgate.gateway.policy;

import dev.toolgate.gateway.protocol.JsonRpcException;
import java.util.List;

/** An ordered list of stages; the last one sends the call to its worker. */
public final class CallPipeline {

  private final List<CallStage> stages;

  public CallPipeline(List<CallStage> stages) {
    if (stages.isEmpty()) {
      throw new IllegalArgumentException("a pipeline needs at least the stage that forwards");
    }
    this.stages = List.copyOf(stages);
  }

  /** Runs the call through every stage in order. */
  public void run(WorkerCall call) throws JsonRpcException {
    new Cursor(call).proceed();
  }

  /** The stages in order, for tests and the startup log. */
  public List<CallStage> stages() {
    return stages;
  }

  private final class Cursor implements CallStage.CallChain {
    private final WorkerCall call;
    private int next;

    Cursor(WorkerCall call) {
      this.call = call;
    }

    @Override
    public void proceed() throws JsonRpcException {
      if (next >= stages.size()) {
        throw new IllegalStateException("the last stage of a pipeline must not proceed");
      }
      stages.get(next++).apply(call, this);
    }
  }
}
