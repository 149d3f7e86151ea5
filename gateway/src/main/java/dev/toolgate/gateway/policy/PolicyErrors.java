package dev.toolgate.gateway.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON-RPC errors of the policy stages (implementation-defined server errors, away from the
 * transport's and auth's codes), each with a {@code data} object a client can act on.
 */
public final class PolicyErrors {

  /** Over a rate limit: HTTP 429, {@code Retry-After}, {@code data.retryAfterSeconds}. */
  public static final int RATE_LIMITED = -32010;

  /** Over a budget: HTTP 429, {@code Retry-After} until the period renews. */
  public static final int BUDGET_EXHAUSTED = -32011;

  /** The same call again and again: the agent is looping (HTTP 200, so the agent reads it). */
  public static final int LOOP_DETECTED = -32012;

  /** Limits or budgets cannot be checked (Redis down) and the tool fails closed: HTTP 503. */
  public static final int POLICY_UNAVAILABLE = -32013;

  /** The tool's answers cannot be redacted as configured: HTTP 503, nothing is sent. */
  public static final int REDACTION_UNAVAILABLE = -32014;

  static final ObjectMapper JSON = new ObjectMapper();

  private PolicyErrors() {}

  /** An error response whose {@code data} is the given object. */
  static byte[] response(String rawId, int code, String message, ObjectNode data) {
    ObjectNode root = JSON.createObjectNode();
    root.put("jsonrpc", "2.0");
    try {
      root.set("id", rawId == null ? JSON.nullNode() : JSON.readTree(rawId));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ObjectNode error = root.putObject("error");
    error.put("code", code);
    error.put("message", message);
    if (data != null) {
      error.set("data", data);
    }
    try {
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whole seconds to wait, at least one, as {@code Retry-After} wants them. */
  static long seconds(long millis) {
    return Math.max(1, (millis + 999) / 1000);
  }
}
