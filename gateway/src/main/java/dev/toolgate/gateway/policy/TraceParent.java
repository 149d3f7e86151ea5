package dev.toolgate.gateway.policy;

/** The trace id of a W3C {@code traceparent} header ({@code 00-<trace id>-<parent id>-<flags>}). */
final class TraceParent {

  private static final String ZERO_TRACE = "0".repeat(32);

  private TraceParent() {}

  /** The 32 hex digits of the trace id, {@code null} when the header is absent or malformed. */
  static String traceId(String header) {
    if (header == null) {
      return null;
    }
    String value = header.trim();
    if (value.length() < 55
        || value.charAt(2) != '-'
        || value.charAt(35) != '-'
        || value.charAt(52) != '-'
        || value.startsWith("ff")
        || (value.startsWith("00") && value.length() != 55)) {
      return null;
    }
    String traceId = value.substring(3, 35);
    if (!lowerHex(value.substring(0, 2))
        || !lowerHex(traceId)
        || !lowerHex(value.substring(36, 52))
        || !lowerHex(value.substring(53, 55))
        || traceId.equals(ZERO_TRACE)) {
      return null;
    }
    return traceId;
  }

  private static boolean lowerHex(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
