package dev.toolgate.gateway.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.gateway.protocol.JsonRpcException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The same caller calling the same tool with the same arguments (canonically equal) more than the
 * tool's maximum within its window is looping. A cacheable tool answers such a call from the cache
 * whatever the request asks; any other tool refuses it with an error that tells the agent so. Every
 * occurrence is counted.
 */
public final class DetectLoops implements CallStage {

  private static final Logger LOG = LoggerFactory.getLogger(DetectLoops.class);

  private final PolicyServices services;

  public DetectLoops(PolicyServices services) {
    this.services = services;
  }

  @Override
  public void apply(WorkerCall call, CallChain chain) throws JsonRpcException {
    PolicyState state = call.policyState();
    CallPolicy policy = state.policy(call, services.policies);
    if (policy == null || policy.loop() == null) {
      chain.proceed();
      return;
    }
    CallPolicy.LoopRule rule = policy.loop();
    String key =
        state.caller(call, services.callers).id()
            + "|"
            + call.route().upstream().id()
            + "/"
            + call.route().upstreamName()
            + "|"
            + state.argumentsDigest(call);
    int calls = services.loops.record(key, rule.maxRepeats(), rule.windowMillis());
    if (calls <= rule.maxRepeats()) {
      chain.proceed();
      return;
    }
    services.counters.loopsDetected.increment();
    String tool = LimitRate.toolName(call);
    LOG.debug("loop: a caller repeated a call of {} more than {} times", tool, rule.maxRepeats());
    if (policy.cache() != null) {
      state.looping(true);
      chain.proceed();
      return;
    }
    ObjectNode data =
        PolicyErrors.JSON
            .createObjectNode()
            .put("tool", tool)
            .put("maxRepeats", rule.maxRepeats())
            .put("window", rule.window());
    services.answers.answer(
        call,
        200,
        List.of(),
        PolicyErrors.response(
            call.message().rawId(),
            PolicyErrors.LOOP_DETECTED,
            "Loop detected: "
                + tool
                + " was called with these same arguments more than "
                + rule.maxRepeats()
                + " times within "
                + rule.window()
                + ". The answer will not change: use the result you already have, change the"
                + " arguments, or stop. This call was not sent to the tool.",
            data));
  }
}
