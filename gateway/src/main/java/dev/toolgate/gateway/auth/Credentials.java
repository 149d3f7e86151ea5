package dev.toolgate.gateway.auth;

import java.util.List;
import java.util.Locale;

/**
 * What a request offers as credentials. Only the {@code Authorization: Bearer} header counts (MCP
 * authorization spec, "Token Requirements"): an {@code access_token} query parameter is refused
 * outright, since URLs end up in logs and browser histories, and cookies are never looked at, so a
 * browser's ambient credentials cannot authenticate a cross-site request.
 */
public sealed interface Credentials {

  /** No bearer token: the caller should get one. */
  record Missing() implements Credentials {}

  /** A syntactically valid bearer token, not yet verified. */
  record Bearer(String token) implements Credentials {
    @Override
    public String toString() {
      return "Bearer[redacted]";
    }
  }

  /** Credentials offered in a way that is refused whatever they are. */
  record Refused(AuthFailure failure) implements Credentials {}

  /** Tokens longer than this are refused unread (headers are capped well below this anyway). */
  int MAX_TOKEN_LENGTH = 16 * 1024;

  /**
   * @param authorization every {@code Authorization} header of the request
   * @param rawQuery the request's query string, or {@code null}
   */
  static Credentials from(List<String> authorization, String rawQuery) {
    if (rawQuery != null && hasAccessTokenParameter(rawQuery)) {
      return new Refused(
          AuthFailure.invalidRequest(
              "access tokens are not accepted in the query string; send Authorization: Bearer"));
    }
    if (authorization == null || authorization.isEmpty()) {
      return new Missing();
    }
    if (authorization.size() > 1) {
      return new Refused(AuthFailure.invalidRequest("more than one Authorization header"));
    }
    String value = authorization.getFirst().strip();
    int space = value.indexOf(' ');
    String scheme = space < 0 ? value : value.substring(0, space);
    if (!scheme.toLowerCase(Locale.ROOT).equals("bearer")) {
      return new Missing();
    }
    String token = space < 0 ? "" : value.substring(space + 1).strip();
    if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH || !B64Token.matches(token)) {
      return new Refused(AuthFailure.invalidToken("the bearer token is malformed"));
    }
    return new Bearer(token);
  }

  private static boolean hasAccessTokenParameter(String rawQuery) {
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      if (name.equalsIgnoreCase("access_token") || name.equalsIgnoreCase("access%5Ftoken")) {
        return true;
      }
    }
    return false;
  }
}
