package dev.toolgate.api.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * IP address and CIDR parsing without {@link java.net.InetAddress}, which may look names up. Reads
 * IPv4 the way {@code inet_aton} and the WHATWG URL standard do (decimal, octal, hex, one to four
 * parts), so {@code 2852039166}, {@code 0xA9FEA9FE} and {@code 0251.0376.0251.0376} are all seen as
 * the address an HTTP client would connect to.
 */
final class IpAddresses {

  private IpAddresses() {}

  /** A CIDR block; a single address is a block of full length. */
  record Range(byte[] network, int bits, String text) {

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      for (int i = 0; i < bits; i++) {
        int mask = 0x80 >>> (i % 8);
        if ((address[i / 8] & mask) != (network[i / 8] & mask)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Range r
          && bits == r.bits
          && Arrays.equals(network, r.network)
          && text.equals(r.text);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(network) + bits;
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /**
   * Parses {@code address/bits} or a single address (strict dotted-quad IPv4 or IPv6).
   *
   * @throws IllegalArgumentException when it is neither
   */
  static Range range(String text) {
    String trimmed = text.trim();
    int slash = trimmed.indexOf('/');
    String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
    byte[] bytes =
        (address.contains(":") ? ipv6(address) : strictIpv4(address))
            .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not a CIDR"));
    int bits = bytes.length * 8;
    if (slash >= 0) {
      String suffix = trimmed.substring(slash + 1);
      if (!suffix.matches("[0-9]{1,3}") || Integer.parseInt(suffix) > bytes.length * 8) {
        throw new IllegalArgumentException("'" + text + "' is not a CIDR");
      }
      bits = Integer.parseInt(suffix);
    }
    return new Range(bytes, bits, trimmed.toLowerCase(Locale.ROOT));
  }

  /** Strict {@code a.b.c.d} with decimal parts, as in settings. */
  static Optional<byte[]> strictIpv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return Optional.empty();
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      if (!parts[i].matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(parts[i]) > 255) {
        return Optional.empty();
      }
      bytes[i] = (byte) Integer.parseInt(parts[i]);
    }
    return Optional.of(bytes);
  }

  /** Whether a URL host is an IPv4 number in some spelling: its last label is a number. */
  static boolean looksLikeIpv4(String host) {
    String[] labels = host.split("\\.", -1);
    String last = labels[labels.length - 1];
    return last.matches("[0-9]+") || last.matches("0[xX][0-9a-fA-F]*");
  }

  /**
   * IPv4 as {@code inet_aton} reads it: one to four parts, each decimal, octal (leading 0) or hex
   * (0x); the last part fills the remaining bytes.
   */
  static Optional<byte[]> lenientIpv4(String host) {
    String[] parts = host.split("\\.", -1);
    if (parts.length > 4) {
      return Optional.empty();
    }
    long[] values = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      Optional<Long> value = number(parts[i]);
      if (value.isEmpty()) {
        return Optional.empty();
      }
      values[i] = value.get();
    }
    long address = 0;
    for (int i = 0; i < parts.length - 1; i++) {
      if (values[i] > 255) {
        return Optional.empty();
      }
      address |= values[i] << (8 * (3 - i));
    }
    long last = values[parts.length - 1];
    if (last >= 1L << (8 * (5 - parts.length))) {
      return Optional.empty();
    }
    address |= last;
    return Optional.of(
        new byte[] {
          (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address
        });
  }

  private static Optional<Long> number(String part) {
    try {
      if (part.startsWith("0x") || part.startsWith("0X")) {
        String digits = part.substring(2);
        if (digits.length() > 8 || !digits.matches("[0-9a-fA-F]*")) {
          return Optional.empty();
        }
        return Optional.of(digits.isEmpty() ? 0L : Long.parseLong(digits, 16));
      }
      if (part.length() > 1 && part.startsWith("0")) {
        return part.length() > 12 || !part.matches("[0-7]+")
            ? Optional.empty()
            : Optional.of(Long.parseLong(part, 8));
      }
      return part.length() > 10 || !part.matches("[0-9]+")
          ? Optional.empty()
          : Optional.of(Long.parseLong(part));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** An IPv6 literal without brackets or zone; a trailing dotted IPv4 part is allowed. */
  static Optional<byte[]> ipv6(String text) {
    if (text.isEmpty() || !text.matches("[0-9a-fA-F:.]+")) {
      return Optional.empty();
    }
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      return Optional.empty();
    }
    String head = gap < 0 ? text : text.substring(0, gap);
    String tail = gap < 0 ? "" : text.substring(gap + 2);
    Optional<int[]> headGroups = groups(head, gap < 0);
    Optional<int[]> tailGroups = groups(tail, true);
    if (headGroups.isEmpty() || tailGroups.isEmpty()) {
      return Optional.empty();
    }
    int[] h = headGroups.get();
    int[] t = tailGroups.get();
    int total = h.length + t.length;
    if (gap < 0 ? total != 8 : total > 7) {
      return Optional.empty();
    }
    int[] all = new int[8];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(t, 0, all, 8 - t.length, t.length);
    byte[] bytes = new byte[16];
    for (int i = 0; i < 8; i++) {
      bytes[2 * i] = (byte) (all[i] >>> 8);
      bytes[2 * i + 1] = (byte) all[i];
    }
    return Optional.of(bytes);
  }

  /** 16-bit groups; a dotted IPv4 part counts as two and is allowed only at the very end. */
  private static Optional<int[]> groups(String text, boolean mayEndWithIpv4) {
    if (text.isEmpty()) {
      return Optional.of(new int[0]);
    }
    String[] parts = text.split(":", -1);
    int[] groups = new int[parts.length + 1];
    int n = 0;
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (part.contains(".")) {
        if (i != parts.length - 1 || !mayEndWithIpv4) {
          return Optional.empty();
        }
        Optional<byte[]> v4 = strictIpv4(part);
        if (v4.isEmpty()) {
          return Optional.empty();
        }
        byte[] b = v4.get();
        groups[n++] = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        groups[n++] = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
      } else {
        if (!part.matches("[0-9a-fA-F]{1,4}")) {
          return Optional.empty();
        }
        groups[n++] = Integer.parseInt(part, 16);
      }
    }
    return Optional.of(Arrays.copyOf(groups, n));
  }

  static String format(byte[] address) {
    if (address.length == 4) {
      return (address[0] & 0xff)
          + "."
          + (address[1] & 0xff)
          + "."
          + (address[2] & 0xff)
          + "."
          + (address[3] & 0xff);
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 16; i += 2) {
      if (i > 0) {
        text.append(':');
      }
      text.append(Integer.toHexString(((address[i] & 0xff) << 8) | (address[i + 1] & 0xff)));
    }
    return text.toString();
  }
}
