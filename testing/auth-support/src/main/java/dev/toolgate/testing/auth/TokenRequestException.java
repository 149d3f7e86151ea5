package dev.toolgate.testing.auth;

/** The token endpoint refused a request: its HTTP status and OAuth error (RFC 6749 section 5.2). */
public final class TokenRequestException extends RuntimeException {

  private final int status;
  private final String error;
  private final String errorDescription;

  TokenRequestException(int status, String error, String errorDescription) {
    super(
        "the token endpoint answered "
            + status
            + " "
            + error
            + (errorDescription == null ? "" : " (" + errorDescription + ")"));
    this.status = status;
    this.error = error;
    this.errorDescription = errorDescription;
  }

  public int status() {
    return status;
  }

  /** The OAuth error code, e.g. {@code invalid_scope}, {@code invalid_client}. */
  public String error() {
    return error;
  }

  public String errorDescription() {
    return errorDescription;
  }
}
