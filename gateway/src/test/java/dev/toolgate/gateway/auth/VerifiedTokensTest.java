package dev.toolgate.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {

  private static VerifiedToken until(long millis) {
    return new VerifiedToken(Principal.ANONYMOUS, Set.of(), millis);
  }

  @Test
  void anEntryIsGoneOnceItsTokenExpires() {
    VerifiedTokens cache = new VerifiedTokens(10);
    VerifiedTokens.Key key = VerifiedTokens.key("t1");
    cache.put(key, until(1_000), 0);
    assertThat(cache.get(key, 999)).isNotNull();
    assertThat(cache.get(key, 1_000)).isNull();
    assertThat(cache.size()).isZero();
  }

  @Test
  void whenFullExpiredEntriesMakeRoomAndOtherwiseNothingIsAdded() {
    VerifiedTokens cache = new VerifiedTokens(2);
    cache.put(VerifiedTokens.key("a"), until(100), 0);
    cache.put(VerifiedTokens.key("b"), until(5_000), 0);
    cache.put(VerifiedTokens.key("c"), until(5_000), 200);
    assertThat(cache.get(VerifiedTokens.key("c"), 300)).isNotNull();
    cache.put(VerifiedTokens.key("d"), until(5_000), 300);
    assertThat(cache.get(VerifiedTokens.key("d"), 300)).isNull();
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void theKeyIsADigestNotTheToken() {
    assertThat(VerifiedTokens.key("secret").toString()).doesNotContain("secret");
    assertThat(VerifiedTokens.key("x")).isEqualTo(VerifiedTokens.key("x"));
  }
}
