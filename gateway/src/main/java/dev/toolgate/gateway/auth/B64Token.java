package dev.toolgate.gateway.auth;

/**
 * RFC 6750 b64token, {@code [A-Za-z0-9-._~+/]+=*}, checked on every request without a regex: a
 * table lookup per character, since a bearer token is ~800 of them.
 */
final class B64Token {

  private static final boolean[] ALLOWED = allowed();

  private B64Token() {}

  static boolean matches(String token) {
    int end = token.length();
    while (end > 0 && token.charAt(end - 1) == '=') {
      end--;
    }
    if (end == 0) {
      return false;
    }
    for (int i = 0; i < end; i++) {
      char c = token.charAt(i);
      if (c >= ALLOWED.length || !ALLOWED[c]) {
        return false;
      }
    }
    return true;
  }

  private static boolean[] allowed() {
    boolean[] allowed = new boolean[128];
    for (char c = 'A'; c <= 'Z'; c++) {
      allowed[c] = true;
      allowed[Character.toLowerCase(c)] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      allowed[c] = true;
    }
    for (char c : "-._~+/".toCharArray()) {
      allowed[c] = true;
    }
    return allowed;
  }
}
