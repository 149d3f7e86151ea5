package dev.toolgate.gateway.policy;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ids of finished-call records: a random prefix per gateway process and a counter, unique across
 * replicas and restarts without a random draw per call. The counter is written at a fixed width, so
 * one gateway's ids sort as its calls were recorded: the audit store breaks ties between calls of
 * the same millisecond by id.
 */
final class CallIds {

  private static final String PREFIX = newPrefix();
  private static final AtomicLong NEXT = new AtomicLong();

  private CallIds() {}

  /** Digits of the largest counter in base 36. */
  private static final int WIDTH = Long.toString(Long.MAX_VALUE, 36).length();

  static String next() {
    String count = Long.toString(NEXT.incrementAndGet(), 36);
    return PREFIX + "0".repeat(WIDTH - count.length()) + count;
  }

  private static String newPrefix() {
    byte[] bytes = new byte[9];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes) + "-";
  }
}
