package dev.toolgate.gateway.redaction;

import dev.toolgate.api.config.SecretFingerprint;
import dev.toolgate.api.config.SecretFingerprints;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds exact Secret values in text by their fingerprints, never holding the values: for each
 * distinct length a window slides over the text with a rolling hash (one multiply-add per
 * character), and a window whose hash is a fingerprint's is confirmed by the keyed digest.
 */
public final class FingerprintMatcher {

  private record Length(int length, long topPower, Map<Long, Set<String>> digestsByWindow) {}

  private final SecretFingerprints keys;
  private final List<Length> lengths;

  private FingerprintMatcher(SecretFingerprints keys, List<Length> lengths) {
    this.keys = keys;
    this.lengths = lengths;
  }

  /**
   * A matcher for the fingerprints made with {@code keys}' key.
   *
   * @throws IllegalArgumentException when a fingerprint was made with another key
   */
  public static FingerprintMatcher of(SecretFingerprints keys, List<SecretFingerprint> prints) {
    Map<Integer, Map<Long, Set<String>>> byLength = new HashMap<>();
    for (SecretFingerprint print : prints) {
      if (!keys.keyId().equals(print.keyId())) {
        throw new IllegalArgumentException(
            "a fingerprint was made with redaction key "
                + print.keyId()
                + ", this gateway has key "
                + keys.keyId());
      }
      byLength
          .computeIfAbsent(print.length(), l -> new HashMap<>())
          .computeIfAbsent(Long.parseLong(print.window()), w -> new HashSet<>())
          .add(print.digest());
    }
    List<Length> lengths = new ArrayList<>();
    byLength.forEach(
        (length, windows) -> {
          long power = 1;
          for (int i = 1; i < length; i++) {
            power = SecretFingerprints.mulMod(power, keys.base());
          }
          lengths.add(new Length(length, power, Map.copyOf(windows)));
        });
    return new FingerprintMatcher(keys, List.copyOf(lengths));
  }

  public boolean isEmpty() {
    return lengths.isEmpty();
  }

  /** The text with every fingerprinted value replaced; the same instance when none occurs. */
  public String redact(String text, String replacement) {
    List<int[]> found = null;
    for (Length length : lengths) {
      int n = length.length();
      if (text.length() < n) {
        continue;
      }
      long hash = keys.rolling(text, 0, n);
      for (int start = 0; ; start++) {
        Set<String> digests = length.digestsByWindow().get(hash);
        if (digests != null && digests.contains(keys.digest(text.substring(start, start + n)))) {
          if (found == null) {
            found = new ArrayList<>();
          }
          found.add(new int[] {start, start + n});
        }
        if (start + n >= text.length()) {
          break;
        }
        long out = SecretFingerprints.mulMod(text.charAt(start) + 1L, length.topPower());
        hash = SecretFingerprints.addMod(hash, SecretFingerprints.MODULUS - out);
        hash =
            SecretFingerprints.addMod(
                SecretFingerprints.mulMod(hash, keys.base()), text.charAt(start + n) + 1L);
      }
    }
    if (found == null) {
      return text;
    }
    found.sort((a, b) -> Integer.compare(a[0], b[0]));
    StringBuilder out = new StringBuilder(text.length());
    int last = 0;
    for (int[] range : found) {
      if (range[0] >= last) {
        out.append(text, last, range[0]).append(replacement);
        last = range[1];
      } else if (range[1] > last) {
        last = range[1]; // overlapping values: one replacement covers both
      }
    }
    return out.append(text, last, text.length()).toString();
  }
}
