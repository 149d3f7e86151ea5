package dev.toolgate.gateway.redaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.toolgate.api.config.SecretFingerprints;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FingerprintMatcherTest {

  private static final SecretFingerprints KEYS =
      SecretFingerprints.withKey(
          "a redaction key of 32 bytes....".getBytes(StandardCharsets.UTF_8));

  private final FingerprintMatcher matcher =
      FingerprintMatcher.of(
          KEYS, List.of(KEYS.of("hunter2-but-longer"), KEYS.of("db-pass-9f8e7d6c5b4a")));

  @Test
  void findsAValueAtTheStartInTheMiddleAndAtTheEnd() {
    assertThat(matcher.redact("hunter2-but-longer is it", "#")).isEqualTo("# is it");
    assertThat(matcher.redact("x db-pass-9f8e7d6c5b4a y", "#")).isEqualTo("x # y");
    assertThat(matcher.redact("pw=hunter2-but-longer", "#")).isEqualTo("pw=#");
    assertThat(matcher.redact("hunter2-but-longerhunter2-but-longer", "#")).isEqualTo("##");
  }

  @Test
  void leavesNearMissesAndOtherTextAlone() {
    String text = "hunter2-but-longeR and db-pass-9f8e7d6c5b4 and é∑ unicode";
    assertThat(matcher.redact(text, "#")).isSameAs(text);
  }

  @Test
  void findsValuesAmongUnicodeText() {
    assertThat(matcher.redact("😀 db-pass-9f8e7d6c5b4a 😀", "#")).isEqualTo("😀 # 😀");
  }

  @Test
  void refusesFingerprintsMadeWithAnotherKey() {
    SecretFingerprints other =
        SecretFingerprints.withKey(
            "another key of thirty-two bytes.".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> FingerprintMatcher.of(KEYS, List.of(other.of("hunter2-but-longer"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("made with redaction key")
        .hasMessageContaining(other.keyId());
  }
}
