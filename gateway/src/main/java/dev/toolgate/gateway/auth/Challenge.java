package dev.toolgate.gateway.auth;

import java.util.Collection;

/** {@code WWW-Authenticate} values (RFC 6750 section 3, RFC 9728 section 5.1). */
public final class Challenge {

  public static final String HEADER = "WWW-Authenticate";

  private Challenge() {}

  /**
   * The challenge of a refused request.
   *
   * @param metadataUrl the protected resource metadata of the endpoint, {@code null} when the
   *     gateway has no auth settings to describe
   */
  public static String of(AuthFailure failure, String metadataUrl) {
    StringBuilder value = new StringBuilder("Bearer");
    String separator = " ";
    if (metadataUrl != null) {
      value.append(separator).append("resource_metadata=").append(quoted(metadataUrl));
      separator = ", ";
    }
    if (failure.error() != null) {
      value.append(separator).append("error=").append(quoted(failure.error()));
      value.append(", error_description=").append(quoted(failure.description()));
    }
    return value.toString();
  }

  /** The step-up challenge of a call the token lacks a scope for (HTTP 403). */
  public static String insufficientScope(
      Collection<String> scopes, String metadataUrl, String description) {
    StringBuilder value = new StringBuilder("Bearer error=\"insufficient_scope\"");
    if (!scopes.isEmpty()) {
      value.append(", scope=").append(quoted(String.join(" ", scopes)));
    }
    if (metadataUrl != null) {
      value.append(", resource_metadata=").append(quoted(metadataUrl));
    }
    value.append(", error_description=").append(quoted(description));
    return value.toString();
  }

  /** A quoted-string: quotes and backslashes escaped, control characters dropped. */
  static String quoted(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c >= 0x20 && c != 0x7f) {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
