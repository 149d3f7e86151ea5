package dev.toolgate.gateway.auth;

/** What authenticating one request came to. */
public sealed interface AuthOutcome {

  record Authenticated(Principal principal) implements AuthOutcome {}

  record Refused(AuthFailure failure) implements AuthOutcome {}

  /** The token is not in the cache: {@link Authenticator#verify} must run, off the I/O thread. */
  record NeedsVerification(String token) implements AuthOutcome {
    @Override
    public String toString() {
      return "NeedsVerification[redacted]";
    }
  }
}
