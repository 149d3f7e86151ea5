package dev.toolgate.gateway.transport;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.toolgate.gateway.protocol.JsonRpcException;
import java.util.List;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {

  private final OriginPolicy loopback = new OriginPolicy(OriginPolicy.LOOPBACK);

  @Test
  void servesLoopbackNamesOnAnyPort() {
    for (String host :
        List.of("localhost", "localhost:8080", "127.0.0.1:1", "[::1]:9", "LOCALHOST")) {
      assertThatCode(() -> loopback.check(host, null)).as(host).doesNotThrowAnyException();
    }
  }

  @Test
  void refusesOtherHostsAndAMissingHost() {
    for (String host : List.of("evil.example.com", "evil.example.com:8080", "localhost.evil.com")) {
      assertThatThrownBy(() -> loopback.check(host, null))
          .isInstanceOf(JsonRpcException.class)
          .hasMessageContaining(host);
    }
    assertThatThrownBy(() -> loopback.check(null, null)).isInstanceOf(JsonRpcException.class);
  }

  @Test
  void checksTheOriginWhenABrowserSendsOne() {
    assertThatCode(() -> loopback.check("localhost:8080", "http://localhost:3000"))
        .doesNotThrowAnyException();
    for (String origin : List.of("http://evil.example.com", "null", "not a uri")) {
      assertThatThrownBy(() -> loopback.check("localhost:8080", origin))
          .isInstanceOf(JsonRpcException.class);
    }
  }

  @Test
  void aConfiguredPortOrWildcardIsHonoured() {
    OriginPolicy exact = new OriginPolicy(List.of("gateway.tools.svc:8080"));
    assertThatCode(() -> exact.check("gateway.tools.svc:8080", null)).doesNotThrowAnyException();
    assertThatThrownBy(() -> exact.check("gateway.tools.svc:9090", null))
        .isInstanceOf(JsonRpcException.class);
    assertThatCode(() -> new OriginPolicy(List.of("*")).check("anything:1", "https://x"))
        .doesNotThrowAnyException();
  }
}
