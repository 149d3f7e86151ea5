package dev.toolgate.gateway.policy;

import dev.toolgate.gateway.protocol.JsonRpcException;

/**
 * One step a call takes on its way to a worker. A stage continues with {@code chain.proceed()},
 * refuses the call by throwing (the client gets that JSON-RPC error on the call), or answers it
 * itself (a cache hit, later) by not proceeding.
 */
@FunctionalInterface
public interface CallStage {

  void apply(WorkerCall call, CallChain chain) throws JsonRpcException;

  /** The rest of the pipeline after a stage. */
  @FunctionalInterface
  interface CallChain {
    void proceed() throws JsonRpcException;
  }
}
