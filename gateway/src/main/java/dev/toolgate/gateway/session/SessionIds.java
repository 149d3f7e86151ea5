package dev.toolgate.gateway.session;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Session ids: 128 random bits from a CSPRNG, URL-safe base64, visible ASCII only as the transport
 * spec requires. Guessing one is as hard as guessing a key.
 */
final class SessionIds {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private SessionIds() {}

  static String next() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return ENCODER.encodeToString(bytes);
  }
}
