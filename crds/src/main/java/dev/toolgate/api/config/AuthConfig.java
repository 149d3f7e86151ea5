package dev.toolgate.api.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * How the gateway authenticates callers (OAuth 2.1 resource server with JWT access tokens).
 *
 * @param issuer the expected {@code iss} claim
 * @param jwksUri where the issuer's signing keys are published
 * @param audience the expected {@code aud}: the gateway's canonical URL (RFC 8707)
 * @param algorithms the accepted JWS algorithms, for example {@code RS256}, {@code ES256}
 * @param maxTokenLifetime the longest {@code exp - iat} accepted, a duration such as {@code 15m}
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record AuthConfig(
    String issuer,
    String jwksUri,
    String audience,
    List<String> algorithms,
    String maxTokenLifetime) {

  public AuthConfig {
    algorithms = algorithms == null ? List.of() : List.copyOf(algorithms);
  }
}
