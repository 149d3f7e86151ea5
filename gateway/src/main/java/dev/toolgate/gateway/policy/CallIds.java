package dev.toolgate.gateway.policy;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ids of finished-call records: a random prefix per gateway process and a counter, unique across
 * replicas and restarts without a random draw per call.
 */
final class CallIds {

  private static final String PREFIX = newPrefix();
  private static final AtomicLong NEXT = new AtomicLong();

  private CallIds() {}

  static String next() {
    return PREFIX + Long.toString(NEXT.incrementAndGet(), 36);
  }

  private static String newPrefix() {
    byte[] bytes = new byte[9];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes) + "-";
  }
}
