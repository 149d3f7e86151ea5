package dev.toolgate.api.config;

/**
 * A token-bucket limit: {@code requests} calls per {@code period}, counted per {@code key}.
 *
 * @param requests calls allowed per period, at least 1
 * @param period the refill period, a duration such as {@code 1m}
 * @param per what the count is kept for: {@code caller} (default), {@code tool} (all callers
 *     together)
 */
public record RateLimitConfig(Integer requests, String period, String per) {

  public static final String PER_CALLER = "caller";
  public static final String PER_TOOL = "tool";

  public String perOrDefault() {
    return per == null ? PER_CALLER : per;
  }
}
