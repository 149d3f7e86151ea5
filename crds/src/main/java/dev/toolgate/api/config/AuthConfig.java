package dev.toolgate.api.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the gateway authenticates callers: an OAuth 2.1 resource server accepting JWT access tokens
 * from trusted issuers. Without an auth section in force the gateway refuses every MCP request
 * (unless it runs with {@code --allow-anonymous}, for development).
 *
 * @param issuer one trusted issuer, the form written before {@link #issuers()}; read as one more
 *     entry of {@link #trustedIssuers()}
 * @param jwksUri the keys of {@link #issuer()}
 * @param audience the gateway's canonical resource URL (RFC 8707), which tokens must carry in
 *     {@code aud}, for example {@code https://mcp.example.com/mcp}; its origin is also where the
 *     gateway says its endpoints and metadata are
 * @param algorithms the algorithms of {@link #issuer()}
 * @param maxTokenLifetime the longest {@code exp - iat} accepted, at most and by default 15m
 * @param issuers the trusted issuers
 * @param groupsClaim the claim holding the caller's groups, default {@code groups}
 * @param clockSkew how far token times may be off the gateway's clock, default 30s, at most 5m
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record AuthConfig(
    String issuer,
    String jwksUri,
    String audience,
    List<String> algorithms,
    String maxTokenLifetime,
    List<IssuerConfig> issuers,
    String groupsClaim,
    String clockSkew) {

  public static final String DEFAULT_GROUPS_CLAIM = "groups";
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
  public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  public AuthConfig {
    algorithms = algorithms == null ? List.of() : List.copyOf(algorithms);
    issuers = issuers == null ? List.of() : List.copyOf(issuers);
  }

  /** Trusted issuers given in the list form, with the canonical audience and defaults. */
  public static AuthConfig of(String audience, List<IssuerConfig> issuers) {
    return new AuthConfig(null, null, audience, null, null, issuers, null, null);
  }

  /** The single-issuer form written before {@link #issuers()}. */
  public AuthConfig(
      String issuer,
      String jwksUri,
      String audience,
      List<String> algorithms,
      String maxTokenLifetime) {
    this(issuer, jwksUri, audience, algorithms, maxTokenLifetime, null, null, null);
  }

  public AuthConfig withMaxTokenLifetime(String value) {
    return new AuthConfig(
        issuer, jwksUri, audience, algorithms, value, issuers, groupsClaim, clockSkew);
  }

  public AuthConfig withGroupsClaim(String value) {
    return new AuthConfig(
        issuer, jwksUri, audience, algorithms, maxTokenLifetime, issuers, value, clockSkew);
  }

  public AuthConfig withClockSkew(String value) {
    return new AuthConfig(
        issuer, jwksUri, audience, algorithms, maxTokenLifetime, issuers, groupsClaim, value);
  }

  /** {@link #issuers()}, and {@link #issuer()} when that is set. */
  @JsonIgnore
  public List<IssuerConfig> trustedIssuers() {
    if (issuer == null || issuer.isBlank()) {
      return issuers;
    }
    List<IssuerConfig> all = new ArrayList<>(issuers);
    all.add(new IssuerConfig(issuer, jwksUri, algorithms, null));
    return List.copyOf(all);
  }

  @JsonIgnore
  public Duration maxTokenLifetimeOrDefault() {
    return maxTokenLifetime == null
        ? GatewayConfigValidator.MAX_TOKEN_LIFETIME
        : Durations.parse(maxTokenLifetime);
  }

  @JsonIgnore
  public String groupsClaimOrDefault() {
    return groupsClaim == null || groupsClaim.isBlank() ? DEFAULT_GROUPS_CLAIM : groupsClaim;
  }

  @JsonIgnore
  public Duration clockSkewOrDefault() {
    return clockSkew == null ? DEFAULT_CLOCK_SKEW : Durations.parse(clockSkew);
  }
}
