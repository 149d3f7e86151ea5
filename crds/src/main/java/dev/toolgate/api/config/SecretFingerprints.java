package dev.toolgate.api.config;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Fingerprints of Secret values, so the gateway can redact a value exactly without holding it. The
 * operator and the gateway share a redaction key (never in the config); both derive from it the
 * base of a polynomial rolling hash modulo 2^61-1 and an HMAC-SHA256 key. A fingerprint is the
 * value's length, its rolling hash and its HMAC truncated to 128 bits: the gateway slides a window
 * of each distinct length over every string it sends out, and a window whose rolling hash matches
 * is confirmed by the HMAC before it is replaced.
 *
 * <p>Who reads the config alone learns each value's length. Who also has the key (the gateway's
 * memory) can test guesses offline, one HMAC per guess: values a person chose can be found that
 * way, random tokens of 20 or more characters cannot.
 */
public final class SecretFingerprints {

  /** Shorter values are not fingerprinted: they would match ordinary text and are easy to guess. */
  public static final int MIN_LENGTH = 8;

  /** The Mersenne prime 2^61-1, the rolling hash's modulus. */
  public static final long MODULUS = (1L << 61) - 1;

  private final long base;
  private final byte[] digestKey;
  private final String keyId;

  private SecretFingerprints(byte[] key) {
    if (key.length < 16) {
      throw new IllegalArgumentException("a redaction key needs at least 16 bytes");
    }
    byte[] baseBytes = hmac(key, "toolgate/redaction/rolling-base");
    long raw = 0;
    for (int i = 0; i < 8; i++) {
      raw = (raw << 8) | (baseBytes[i] & 0xff);
    }
    // A base in [256, MODULUS - 2]: never 0 or 1, never a small number.
    this.base = 256 + Long.remainderUnsigned(raw, MODULUS - 258);
    this.digestKey = hmac(key, "toolgate/redaction/digest-key");
    this.keyId = HexFormat.of().formatHex(hmac(key, "toolgate/redaction/key-id"), 0, 8);
  }

  /** The fingerprinting of one redaction key. */
  public static SecretFingerprints withKey(byte[] key) {
    return new SecretFingerprints(key.clone());
  }

  public String keyId() {
    return keyId;
  }

  /** The rolling hash's base, for the gateway's matcher. */
  public long base() {
    return base;
  }

  /** The fingerprint of a value at least {@link #MIN_LENGTH} long. */
  public SecretFingerprint of(String value) {
    if (value.length() < MIN_LENGTH) {
      throw new IllegalArgumentException(
          "values shorter than " + MIN_LENGTH + " characters are not fingerprinted");
    }
    return new SecretFingerprint(
        value.length(), Long.toString(rolling(value, 0, value.length())), digest(value), keyId);
  }

  /** The rolling hash of {@code text[from, to)}. */
  public long rolling(CharSequence text, int from, int to) {
    long hash = 0;
    for (int i = from; i < to; i++) {
      hash = addMod(mulMod(hash, base), text.charAt(i) + 1L);
    }
    return hash;
  }

  /** The digest of a value, as a fingerprint carries it. */
  public String digest(String value) {
    byte[] mac = hmac(digestKey, value);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(mac, 16));
  }

  /** {@code a * b mod 2^61-1} for {@code a, b < 2^61}. */
  public static long mulMod(long a, long b) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    // a*b = high*2^64 + low; 2^64 = 8 * 2^61 ≡ 8 (mod 2^61-1)
    long lowPart = (low & MODULUS) + (low >>> 61) + (high << 3);
    return reduce(lowPart);
  }

  public static long addMod(long a, long b) {
    return reduce(a + b);
  }

  private static long reduce(long x) {
    long r = (x & MODULUS) + (x >>> 61);
    return r >= MODULUS ? r - MODULUS : r;
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
