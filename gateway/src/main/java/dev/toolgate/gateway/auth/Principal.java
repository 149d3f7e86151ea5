package dev.toolgate.gateway.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * The authenticated caller of one request, from a verified token.
 *
 * @param issuer the token's {@code iss}, one of the trusted issuers
 * @param subject its {@code sub}
 * @param clientId {@code client_id}, else {@code azp}, else {@code cid}; {@code null} when none is
 *     there
 * @param groups the values of the configured groups claim
 * @param scopes the granted scopes ({@code scope} as a space-separated string, or {@code scp} /
 *     {@code scope} as arrays)
 * @param expiresAt the token's {@code exp}
 * @param lifetime {@code exp - iat}, held against the lifetime caps of McpScopes
 * @param kubernetes the issuer is the cluster's service-account issuer: the subject is {@code
 *     system:serviceaccount:<namespace>:<name>} and is trusted as such
 */
public record Principal(
    String issuer,
    String subject,
    String clientId,
    Set<String> groups,
    Set<String> scopes,
    Instant expiresAt,
    Duration lifetime,
    boolean kubernetes) {

  /** The caller of a gateway that runs without authentication ({@code --allow-anonymous}). */
  public static final Principal ANONYMOUS =
      new Principal(null, null, null, Set.of(), Set.of(), Instant.MAX, Duration.ZERO, false);

  private static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";

  public Principal {
    groups = Set.copyOf(groups);
    scopes = Set.copyOf(scopes);
  }

  public boolean isAnonymous() {
    return this == ANONYMOUS;
  }

  /**
   * Who owns the sessions this caller opens: issuer and subject, so the same subject name at two
   * issuers is two owners; {@code null} for the anonymous caller.
   */
  public String sessionOwner() {
    return isAnonymous() ? null : issuer + " " + subject;
  }

  /**
   * The Kubernetes service account, {@code <namespace>/<name>}, when the token comes from the
   * cluster's service-account issuer; {@code null} otherwise, whatever the subject says (another
   * issuer could name any subject).
   */
  public String serviceAccount() {
    if (!kubernetes || subject == null || !subject.startsWith(SERVICE_ACCOUNT_PREFIX)) {
      return null;
    }
    String rest = subject.substring(SERVICE_ACCOUNT_PREFIX.length());
    int colon = rest.indexOf(':');
    return colon <= 0 || colon == rest.length() - 1 || rest.indexOf(':', colon + 1) >= 0
        ? null
        : rest.substring(0, colon) + "/" + rest.substring(colon + 1);
  }

  @Override
  public String toString() {
    return isAnonymous() ? "anonymous" : subject + " (" + issuer + ")";
  }
}
