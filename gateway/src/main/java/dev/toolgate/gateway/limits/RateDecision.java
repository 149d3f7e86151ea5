package dev.toolgate.gateway.limits;

/**
 * Whether a call may go ahead.
 *
 * @param allowed every bucket had a token, and each gave one
 * @param refused the index of a limit that had none, -1 when allowed
 * @param retryAfterMillis when the refusing bucket has a token again, 0 when allowed
 */
public record RateDecision(boolean allowed, int refused, long retryAfterMillis) {

  public static final RateDecision ALLOWED = new RateDecision(true, -1, 0);

  public static RateDecision refused(int index, long retryAfterMillis) {
    return new RateDecision(false, index, Math.max(1, retryAfterMillis));
  }
}
