package dev.toolgate.api.compiler;

import dev.toolgate.api.config.Durations;
import dev.toolgate.api.config.RateLimitConfig;
import dev.toolgate.api.v1alpha1.RateLimit;
import java.net.URI;
import java.util.regex.Pattern;

/**
 * Field checks shared by the McpTool and McpScope compilers. They repeat what the CRD schema
 * enforces, because the compiler also reads dev-mode files and resources that bypassed the schema.
 */
final class Checks {

  static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
  static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,128}");
  static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private Checks() {}

  /** A duration, or {@code null} after recording why it is not one. */
  static String duration(Violations violations, String field, String value) {
    if (value == null) {
      return null;
    }
    if (!Durations.isValid(value) || Durations.parse(value).isZero()) {
      violations.add(field, "'" + value + "' is not a positive duration like 500ms, 30s or 5m");
      return null;
    }
    return value;
  }

  /** The compiled limit, or {@code null} after recording why the limit is unusable. */
  static RateLimitConfig rateLimit(Violations violations, String field, RateLimit limit) {
    if (limit.getRequests() == null || limit.getRequests() < 1) {
      violations.add(field + ".requests", "must be at least 1");
      return null;
    }
    String period = limit.getPeriod() == null ? "1m" : limit.getPeriod();
    if (duration(violations, field + ".period", period) == null) {
      return null;
    }
    String per =
        limit.getPer() == RateLimit.Per.TOOL
            ? RateLimitConfig.PER_TOOL
            : RateLimitConfig.PER_CALLER;
    return new RateLimitConfig(limit.getRequests(), period, per);
  }

  static boolean isHttpUrl(String url) {
    try {
      URI uri = new URI(url);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null;
    } catch (Exception e) {
      return false;
    }
  }
}
