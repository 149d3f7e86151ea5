package dev.toolgate.gateway.replay;

import dev.toolgate.gateway.auth.AuthOutcome;
import dev.toolgate.gateway.auth.Authenticator;
import dev.toolgate.gateway.auth.Credentials;
import dev.toolgate.gateway.auth.Principal;
import java.util.List;

/**
 * Who may read the audit through the replay API: a bearer token from a trusted issuer, verified as
 * every MCP request's is (signature, issuer, audience, lifetime), that carries the reserved scope
 * {@value #SCOPE}. Scopes starting with {@code toolgate:} cannot be granted by an McpScope, so only
 * the identity provider can grant it, and a service-account token (which holds McpScopes only)
 * never has it. No anonymous reader, whatever {@code --allow-anonymous} says.
 */
public final class ReplayAccess {

  /** The scope a token needs to read the audit. */
  public static final String SCOPE = "toolgate:audit:read";

  /** The endpoint path a token's audience may name instead of the gateway's canonical URL. */
  static final String RESOURCE_PATH = "/replay";

  /** What the check came to. */
  public sealed interface Decision {
    record Allowed(Principal reader) implements Decision {}

    /**
     * @param status 400, 401 or 403
     * @param challenge the {@code WWW-Authenticate} value
     */
    record Refused(int status, String challenge, String message) implements Decision {}
  }

  private final Authenticator authenticator;

  public ReplayAccess(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  /**
   * @param authorization every {@code Authorization} header of the request
   * @param rawQuery the query string, where a token is refused
   */
  public Decision check(List<String> authorization, String rawQuery) {
    if (authenticator.settings().isEmpty()) {
      return new Decision.Refused(
          401,
          "Bearer",
          "the replay API needs a token from a trusted issuer, and this gateway's config has no"
              + " auth section");
    }
    AuthOutcome outcome =
        authenticator.authenticate(Credentials.from(authorization, rawQuery), RESOURCE_PATH);
    if (outcome instanceof AuthOutcome.NeedsVerification(String token)) {
      outcome = authenticator.verify(token, RESOURCE_PATH);
    }
    return switch (outcome) {
      case AuthOutcome.Refused(var failure) ->
          new Decision.Refused(
              failure.status(),
              failure.error() == null ? "Bearer" : "Bearer error=\"" + failure.error() + "\"",
              failure.description());
      case AuthOutcome.Authenticated(Principal principal) when principal.isAnonymous() ->
          new Decision.Refused(401, "Bearer", "the replay API needs a token");
      case AuthOutcome.Authenticated(Principal principal) ->
          principal.scopes().contains(SCOPE)
              ? new Decision.Allowed(principal)
              : new Decision.Refused(
                  403,
                  "Bearer error=\"insufficient_scope\", scope=\"" + SCOPE + "\"",
                  "the token lacks the scope " + SCOPE);
      case AuthOutcome.NeedsVerification ignored ->
          throw new IllegalStateException("verified above");
    };
  }
}
