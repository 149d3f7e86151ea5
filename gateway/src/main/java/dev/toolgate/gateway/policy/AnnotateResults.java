package dev.toolgate.gateway.policy;

import dev.toolgate.gateway.protocol.JsonRpcException;

/**
 * Adds what the earlier stages want the caller to know (its remaining budget) to the result's
 * {@code _meta}, after the cache stored the result: cached entries never hold one caller's budget.
 */
public final class AnnotateResults implements CallStage {

  private final PolicyServices services;

  public AnnotateResults(PolicyServices services) {
    this.services = services;
  }

  @Override
  public void apply(WorkerCall call, CallChain chain) throws JsonRpcException {
    PolicyState state = call.policyState();
    if (state.policy(call, services.policies) != null && !state.meta().isEmpty()) {
      call.rewriteAnswer(state.meta()::applyToResponse);
    }
    chain.proceed();
  }
}
