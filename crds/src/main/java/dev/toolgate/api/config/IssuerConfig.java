package dev.toolgate.api.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One token issuer the gateway trusts.
 *
 * @param issuer the exact {@code iss} of its tokens
 * @param jwksUri where its signing keys are published; {@code null}: discovered from the issuer's
 *     metadata ({@code /.well-known/oauth-authorization-server}, then {@code
 *     /.well-known/openid-configuration})
 * @param algorithms the JWS algorithms accepted from it, from {@link #ALLOWED_ALGORITHMS}; empty
 *     means {@link #DEFAULT_ALGORITHMS}
 * @param kind {@code null} (an OAuth authorization server, advertised to clients in the protected
 *     resource metadata) or {@link #KIND_KUBERNETES}: the cluster's service-account issuer, trusted
 *     for projected service-account tokens but not advertised
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record IssuerConfig(String issuer, String jwksUri, List<String> algorithms, String kind) {

  /** The Kubernetes API server issuing projected service-account tokens. */
  public static final String KIND_KUBERNETES = "kubernetes";

  /**
   * Asymmetric signatures only: never {@code none}, never an HMAC (whose "key" would be the
   * issuer's public key, which anyone has).
   */
  public static final List<String> ALLOWED_ALGORITHMS =
      List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EdDSA");

  public static final List<String> DEFAULT_ALGORITHMS = List.of("RS256", "ES256");

  public IssuerConfig {
    algorithms = algorithms == null ? List.of() : List.copyOf(algorithms);
  }

  public List<String> algorithmsOrDefault() {
    return algorithms.isEmpty() ? DEFAULT_ALGORITHMS : algorithms;
  }

  @JsonIgnore
  public boolean isKubernetes() {
    return KIND_KUBERNETES.equals(kind);
  }
}
