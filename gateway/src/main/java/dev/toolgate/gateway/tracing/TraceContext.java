package dev.toolgate.gateway.tracing;

/**
 * W3C Trace Context headers a client sent, checked before anything is forwarded: a {@code
 * traceparent} travels on only when it is well formed, and {@code tracestate} only beside one. A
 * header is never copied just because a client sent it.
 */
public final class TraceContext {

  /** {@code 00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>}. */
  static final int TRACEPARENT_LENGTH = 55;

  /** The W3C limit on {@code tracestate} (32 members of at most 256 characters is larger). */
  static final int MAX_TRACESTATE_LENGTH = 512;

  private TraceContext() {}

  /** The header when it is a valid {@code traceparent}, else {@code null}. */
  public static String traceparent(String header) {
    return validTraceparent(header) ? header : null;
  }

  /** The header when it may travel beside a valid {@code traceparent}, else {@code null}. */
  public static String tracestate(String header, String validTraceparent) {
    if (header == null || validTraceparent == null || header.length() > MAX_TRACESTATE_LENGTH) {
      return null;
    }
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return null;
      }
    }
    return header;
  }

  /**
   * Version {@code 00} exactly, or a later version (not {@code ff}) whose first 55 characters have
   * the same shape; trace id and parent id not all zeros.
   */
  static boolean validTraceparent(String h) {
    if (h == null || h.length() < TRACEPARENT_LENGTH) {
      return false;
    }
    if (!hex(h, 0, 2) || h.startsWith("ff")) {
      return false;
    }
    boolean version0 = h.startsWith("00");
    if (version0
        ? h.length() != TRACEPARENT_LENGTH
        : h.length() > TRACEPARENT_LENGTH && h.charAt(TRACEPARENT_LENGTH) != '-') {
      return false;
    }
    return h.charAt(2) == '-'
        && hex(h, 3, 35)
        && h.charAt(35) == '-'
        && hex(h, 36, 52)
        && h.charAt(52) == '-'
        && hex(h, 53, 55)
        && !zeros(h, 3, 35)
        && !zeros(h, 36, 52);
  }

  private static boolean hex(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  private static boolean zeros(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }
}
