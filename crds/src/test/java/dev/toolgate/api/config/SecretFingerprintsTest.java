package dev.toolgate.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecretFingerprintsTest {

  private static final byte[] KEY =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

  @Test
  void aFingerprintHoldsTheLengthAndHashesButNotTheValue() {
    SecretFingerprint fingerprint = SecretFingerprints.withKey(KEY).of("s3cr3t-value-42");

    assertThat(fingerprint.length()).isEqualTo(15);
    assertThat(fingerprint.toString()).doesNotContain("s3cr3t");
    assertThat(fingerprint.digest()).hasSize(22); // 128 bits, base64url without padding
    assertThat(fingerprint.keyId()).hasSize(16);
  }

  @Test
  void theSameKeyGivesTheSameFingerprintAndAnotherKeyAnotherOne() {
    byte[] other = KEY.clone();
    other[0] ^= 1;

    assertThat(SecretFingerprints.withKey(KEY).of("s3cr3t-value-42"))
        .isEqualTo(SecretFingerprints.withKey(KEY).of("s3cr3t-value-42"));
    SecretFingerprint a = SecretFingerprints.withKey(KEY).of("s3cr3t-value-42");
    SecretFingerprint b = SecretFingerprints.withKey(other).of("s3cr3t-value-42");
    assertThat(b.digest()).isNotEqualTo(a.digest());
    assertThat(b.window()).isNotEqualTo(a.window());
    assertThat(b.keyId()).isNotEqualTo(a.keyId());
  }

  @Test
  void theRollingHashOfAWindowEqualsTheHashOfThatValue() {
    SecretFingerprints fingerprints = SecretFingerprints.withKey(KEY);
    String text = "prefix s3cr3t-value-42 suffix";

    assertThat(fingerprints.rolling(text, 7, 22))
        .isEqualTo(Long.parseLong(fingerprints.of("s3cr3t-value-42").window()));
  }

  @Test
  void modularProductMatchesBigIntegerArithmetic() {
    BigInteger modulus = BigInteger.valueOf(SecretFingerprints.MODULUS);
    long[] values = {0, 1, 2, 255, SecretFingerprints.MODULUS - 1, 1L << 60, 987654321987654321L};
    for (long a : values) {
      for (long b : values) {
        long expected =
            BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).mod(modulus).longValueExact();
        assertThat(SecretFingerprints.mulMod(a, b)).as("%d * %d", a, b).isEqualTo(expected);
      }
    }
  }

  @Test
  void refusesShortValuesAndShortKeys() {
    assertThatThrownBy(() -> SecretFingerprints.withKey(KEY).of("short"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SecretFingerprints.withKey(new byte[8]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
