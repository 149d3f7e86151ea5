package dev.toolgate.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0.0/8",
        "0.0.0.0/0",
        "192.168.1.7/32",
        "fd00::/8",
        "2001:db8::1/128",
        "::/0",
        "1:2:3:4:5:6:7:8/64"
      })
  void acceptsValidBlocks(String cidr) {
    assertThat(Cidrs.isValid(cidr)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0.0",
        "10.0.0.0/33",
        "256.0.0.0/8",
        "10.0.0/8",
        "fd00::/129",
        "1::2::3/64",
        "host.example/32",
        "10.0.0.0/8/8",
        "/8"
      })
  void rejectsEverythingElse(String cidr) {
    assertThat(Cidrs.isValid(cidr)).isFalse();
  }
}
