package dev.toolgate.gateway.auth;

/**
 * Why a request is not authenticated, as RFC 6750 names it: the HTTP status, the {@code error} code
 * of the {@code WWW-Authenticate} challenge ({@code null} when the request carried no credentials
 * at all) and a description that never quotes the token.
 */
public record AuthFailure(int status, String error, String description) {

  public static final String INVALID_TOKEN = "invalid_token";
  public static final String INVALID_REQUEST = "invalid_request";

  /** No credentials: 401 with a bare challenge, which tells a client to go and get a token. */
  public static AuthFailure missing(String description) {
    return new AuthFailure(401, null, description);
  }

  /** A token was given and is not good here: 401 {@code invalid_token}. */
  public static AuthFailure invalidToken(String description) {
    return new AuthFailure(401, INVALID_TOKEN, description);
  }

  /** Credentials sent in a way the gateway refuses: 400 {@code invalid_request}. */
  public static AuthFailure invalidRequest(String description) {
    return new AuthFailure(400, INVALID_REQUEST, description);
  }
}
