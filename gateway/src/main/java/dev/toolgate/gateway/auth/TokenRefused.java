package dev.toolgate.gateway.auth;

/** A token that did not verify; the message says why and never quotes the token. */
public final class TokenRefused extends Exception {

  public TokenRefused(String reason) {
    super(reason, null, false, false);
  }
}
