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
 * @param caFile a PEM file on the gateway's machine with the certificate authorities trusted for
 *     this issuer's metadata and keys, instead of the JDK's; for a cluster's API server the pod's
 *     {@value #POD_CA_FILE}. Read again when it changes
 * @param tokenFile a file on the gateway's machine whose content is sent as a bearer token when
 *     fetching this issuer's metadata and keys, read at every fetch (the kubelet rotates it): an
 *     API server serves its service-account keys only to authenticated callers unless anonymous
 *     access was granted. Only for {@link #KIND_KUBERNETES} and only with {@code caFile}, so the
 *     token goes nowhere but to servers with a certificate from that authority
 * @param audiences further {@code aud} values that mean this gateway at this issuer, for identity
 *     providers that cannot put the gateway's URL in {@code aud} (RFC 8707): Microsoft Entra ID v2
 *     tokens carry the application's client id, Dex the client id named by an {@code
 *     audience:server:client_id:} scope. A token from this issuer with one of them counts as
 *     addressed to the canonical URL. Each must belong to this gateway alone at that issuer (its
 *     own app registration or client), never a client id other services also accept
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record IssuerConfig(
    String issuer,
    String jwksUri,
    List<String> algorithms,
    String kind,
    String caFile,
    String tokenFile,
    List<String> audiences) {

  /** The Kubernetes API server issuing projected service-account tokens. */
  public static final String KIND_KUBERNETES = "kubernetes";

  /**
   * Asymmetric signatures only: never {@code none}, never an HMAC (whose "key" would be the
   * issuer's public key, which anyone has).
   */
  public static final List<String> ALLOWED_ALGORITHMS =
      List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EdDSA");

  public static final List<String> DEFAULT_ALGORITHMS = List.of("RS256", "ES256");

  /** Where a pod finds its cluster's certificate authority. */
  public static final String POD_CA_FILE = "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt";

  /** Where a pod finds its service account's token. */
  public static final String POD_TOKEN_FILE = "/var/run/secrets/kubernetes.io/serviceaccount/token";

  public IssuerConfig {
    algorithms = algorithms == null ? List.of() : List.copyOf(algorithms);
    audiences = audiences == null ? List.of() : List.copyOf(audiences);
  }

  /** An issuer whose tokens name this gateway by its URL only. */
  public IssuerConfig(
      String issuer,
      String jwksUri,
      List<String> algorithms,
      String kind,
      String caFile,
      String tokenFile) {
    this(issuer, jwksUri, algorithms, kind, caFile, tokenFile, List.of());
  }

  /** An issuer whose metadata and keys are fetched with the JDK's trust and no credentials. */
  public IssuerConfig(String issuer, String jwksUri, List<String> algorithms, String kind) {
    this(issuer, jwksUri, algorithms, kind, null, null, List.of());
  }

  public List<String> algorithmsOrDefault() {
    return algorithms.isEmpty() ? DEFAULT_ALGORITHMS : algorithms;
  }

  @JsonIgnore
  public boolean isKubernetes() {
    return KIND_KUBERNETES.equals(kind);
  }
}
