package dev.toolgate.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "500ms,PT0.5S",
    "30s,PT30S",
    "5m,PT5M",
    "1h30m,PT1H30M",
    "1m500ms,PT1M0.5S",
    "0s,PT0S"
  })
  void parsesKubernetesStyleDurations(String text, String iso) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
    assertThat(Durations.isValid(text)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5", "m", "5 m", "-5s", "5d", "1.5h", "PT5M", "5mm", "1234567890s"})
  @NullSource
  void rejectsAnythingElseNamingTheValue(String text) {
    assertThat(Durations.isValid(text)).isFalse();
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid duration '" + text + "'");
  }
}
