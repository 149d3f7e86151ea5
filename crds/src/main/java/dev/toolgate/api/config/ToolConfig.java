package dev.toolgate.api.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The policy of one tool of an upstream.
 *
 * @param name the tool's name on the upstream server
 * @param exposedName the tool's name on the aggregated endpoint, unique across all upstreams
 * @param scopes every OAuth scope that grants this tool (its own plus McpScopes that include it),
 *     sorted; a token needs one of them
 * @param rateLimit calls allowed per period, or {@code null} for no limit
 * @param cache result caching, or {@code null} for none
 * @param cost the cost units one call is accounted with, {@code null} meaning 1
 * @param timeout the per-call timeout, overriding the upstream's
 * @param idempotent declared free of side effects, so its results may be cached
 * @param loopDetection how many identical calls make a loop; {@code null}: the gateway's default
 *     where the tool has other policy
 * @param audit how the tool's calls are audited beyond the default, {@code null} for the default
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ToolConfig(
    String name,
    String exposedName,
    List<String> scopes,
    RateLimitConfig rateLimit,
    CacheConfig cache,
    Integer cost,
    String timeout,
    Boolean idempotent,
    LoopDetectionConfig loopDetection,
    AuditConfig audit) {

  public ToolConfig {
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
  }

  /** A tool policy without audit settings, as configs were written before them. */
  public ToolConfig(
      String name,
      String exposedName,
      List<String> scopes,
      RateLimitConfig rateLimit,
      CacheConfig cache,
      Integer cost,
      String timeout,
      Boolean idempotent,
      LoopDetectionConfig loopDetection) {
    this(
        name,
        exposedName,
        scopes,
        rateLimit,
        cache,
        cost,
        timeout,
        idempotent,
        loopDetection,
        null);
  }

  /** A tool policy without loop detection settings, as configs were written before them. */
  public ToolConfig(
      String name,
      String exposedName,
      List<String> scopes,
      RateLimitConfig rateLimit,
      CacheConfig cache,
      Integer cost,
      String timeout,
      Boolean idempotent) {
    this(name, exposedName, scopes, rateLimit, cache, cost, timeout, idempotent, null, null);
  }

  public ToolConfig withScopes(List<String> newScopes) {
    return new ToolConfig(
        name,
        exposedName,
        newScopes,
        rateLimit,
        cache,
        cost,
        timeout,
        idempotent,
        loopDetection,
        audit);
  }

  public int costOrDefault() {
    return cost == null ? 1 : cost;
  }
}
