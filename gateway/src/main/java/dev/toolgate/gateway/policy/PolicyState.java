package dev.toolgate.gateway.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.gateway.canonical.CanonicalJson;
import dev.toolgate.gateway.canonical.Digests;
import dev.toolgate.gateway.protocol.JsonRpcErrors;
import dev.toolgate.gateway.protocol.JsonRpcException;
import java.io.IOException;

/**
 * What the policy stages worked out about one call, computed once and shared: its policy, its
 * caller, its arguments in canonical form. Nothing here is computed for a tool without policy.
 */
public final class PolicyState {

  /** The {@code _meta} key of a {@code tools/call} request that bypasses the cache. */
  public static final String CACHE_DIRECTIVE = "dev.toolgate/cache";

  /** Its value: call the tool now and refresh the cached entry with the answer. */
  public static final String REFRESH = "refresh";

  private boolean policyResolved;
  private CallPolicy policy;
  private CallerKey caller;
  private boolean argumentsRead;
  private String argumentsDigest;
  private boolean refresh;
  private boolean looping;
  private final ResultMeta meta = new ResultMeta();

  PolicyState() {}

  /** The call's tool policy, {@code null} when it has none (or the call is no tool call). */
  CallPolicy policy(WorkerCall call, ToolPolicies policies) {
    if (!policyResolved) {
      policy = call.route() == null ? null : policies.of(call.route());
      policyResolved = true;
    }
    return policy;
  }

  CallerKey caller(WorkerCall call, Callers callers) {
    if (caller == null) {
      caller = callers.of(call);
    }
    return caller;
  }

  /**
   * The SHA-256 of the canonical arguments (key order, whitespace and number spelling do not
   * matter); missing arguments count as {@code {}}. Reads the request's cache directive on the way.
   */
  String argumentsDigest(WorkerCall call) throws JsonRpcException {
    if (!argumentsRead) {
      JsonNode params;
      try {
        params = CanonicalJson.parse(call.message().bytes()).path("params");
      } catch (IOException e) {
        // The parser accepted the message already; it cannot fail here.
        throw new JsonRpcException(
            400, JsonRpcErrors.PARSE_ERROR, "Parse error", call.message().rawId());
      }
      JsonNode arguments = params.path("arguments");
      argumentsDigest =
          Digests.sha256(arguments.isMissingNode() ? "{}" : CanonicalJson.of(arguments));
      refresh = REFRESH.equals(params.path("_meta").path(CACHE_DIRECTIVE).asText(null));
      argumentsRead = true;
    }
    return argumentsDigest;
  }

  /** The request asked for a fresh answer ({@code _meta: {"dev.toolgate/cache": "refresh"}}). */
  boolean refresh(WorkerCall call) throws JsonRpcException {
    argumentsDigest(call);
    return refresh;
  }

  boolean looping() {
    return looping;
  }

  void looping(boolean value) {
    looping = value;
  }

  /** Entries the gateway adds to the result's {@code _meta}. */
  ResultMeta meta() {
    return meta;
  }
}
