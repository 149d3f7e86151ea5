package dev.toolgate.gateway.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DigestsTest {

  @Test
  void partsAreSeparatedSoThatRegroupingThemChangesTheDigest() {
    assertThat(Digests.sha256("ab", "c")).isNotEqualTo(Digests.sha256("a", "bc"));
    assertThat(Digests.sha256("ab", "c")).isEqualTo(Digests.sha256("ab", "c")).hasSize(64);
  }
}
