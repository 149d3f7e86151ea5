package dev.toolgate.gateway.limits;

/**
 * One token bucket: {@code capacity} calls, refilled evenly over {@code periodMillis} (a bucket
 * that sat idle for a period is full again).
 *
 * @param key what the bucket counts for (tool, caller, scope), unique per bucket
 */
public record Limit(String key, int capacity, long periodMillis) {

  public Limit {
    if (capacity < 1 || periodMillis < 1) {
      throw new IllegalArgumentException("a limit needs a capacity and a period");
    }
  }
}
