package dev.toolgate.gateway.identity;

import java.util.Arrays;

/**
 * Reads the few DER shapes an EC private key is written in (SEC 1 and PKCS #8): tagged values with
 * short or long lengths, nothing more. The JDK reads PKCS #8 but not SEC 1, and neither gives the
 * public half back, which the JWKS needs.
 */
final class Der {

  static final int INTEGER = 0x02;
  static final int BIT_STRING = 0x03;
  static final int OCTET_STRING = 0x04;
  static final int OID = 0x06;
  static final int SEQUENCE = 0x30;
  static final int CONTEXT_0 = 0xA0;
  static final int CONTEXT_1 = 0xA1;

  private final byte[] bytes;
  private final int end;
  private int position;

  Der(byte[] bytes) {
    this(bytes, 0, bytes.length);
  }

  private Der(byte[] bytes, int from, int to) {
    this.bytes = bytes;
    this.position = from;
    this.end = to;
  }

  boolean hasMore() {
    return position < end;
  }

  /** The tag of the next value, or -1 at the end. */
  int peek() {
    return hasMore() ? bytes[position] & 0xFF : -1;
  }

  /** The next value's content, which must carry this tag. */
  byte[] next(int tag) {
    int[] span = span(tag);
    return Arrays.copyOfRange(bytes, span[0], span[1]);
  }

  /** A reader over the next value's content (a SEQUENCE or an explicit tag). */
  Der enter(int tag) {
    int[] span = span(tag);
    return new Der(bytes, span[0], span[1]);
  }

  private int[] span(int tag) {
    if (peek() != tag) {
      throw new IllegalArgumentException(
          "is malformed DER: expected tag 0x" + Integer.toHexString(tag) + " at byte " + position);
    }
    position++;
    if (!hasMore()) {
      throw new IllegalArgumentException("is malformed DER: truncated length");
    }
    int first = bytes[position++] & 0xFF;
    int length;
    if (first < 0x80) {
      length = first;
    } else {
      int count = first & 0x7F;
      if (count == 0 || count > 3 || position + count > end) {
        throw new IllegalArgumentException("is malformed DER: bad length");
      }
      length = 0;
      for (int i = 0; i < count; i++) {
        length = (length << 8) | (bytes[position++] & 0xFF);
      }
    }
    if (length > end - position) {
      throw new IllegalArgumentException("is malformed DER: value runs past its end");
    }
    int from = position;
    position += length;
    return new int[] {from, position};
  }
}
