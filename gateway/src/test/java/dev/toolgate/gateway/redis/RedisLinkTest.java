package dev.toolgate.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.toolgate.testing.servers.RedisServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedisLinkTest {

  private RedisServer redis;
  private RedisLink link;

  @BeforeEach
  void start() throws Exception {
    redis = RedisServer.start();
    link = RedisLink.open(redis.url(), Duration.ofMillis(300));
    await().atMost(Duration.ofSeconds(10)).until(link::isConnected);
  }

  @AfterEach
  void stop() throws Exception {
    link.close();
    redis.close();
  }

  private String get(String key) {
    byte[] value =
        link.<byte[]>run(r -> r.get(key.getBytes(StandardCharsets.UTF_8)))
            .toCompletableFuture()
            .orTimeout(5, TimeUnit.SECONDS)
            .join();
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }

  @Test
  void aLinkToARedisThatIsUpIsConnectedWhenOpenReturns() {
    try (RedisLink second = RedisLink.open(redis.url(), Duration.ofSeconds(5))) {
      assertThat(second.isConnected()).isTrue();
    }
  }

  @Test
  void aLinkToARedisThatIsDownOpensWithinTheFirstConnectionWait() throws Exception {
    int port;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    long started = System.nanoTime();
    try (RedisLink down = RedisLink.open("redis://127.0.0.1:" + port, Duration.ofMillis(500))) {
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
      assertThat(down.isConnected()).isFalse();
    }
  }

  @Test
  void runsCommandsAndScriptsLoadingAScriptOnFirstUse() {
    link.run(r -> r.set("k".getBytes(), "v".getBytes())).toCompletableFuture().join();
    assertThat(get("k")).isEqualTo("v");

    RedisLink.Script script = RedisLink.Script.of("return {tonumber(ARGV[1]) + 1}");
    assertThat(link.script(script, new byte[0][], "41".getBytes()).toCompletableFuture().join())
        .containsExactly(42L);
    assertThat(link.script(script, new byte[0][], "1".getBytes()).toCompletableFuture().join())
        .containsExactly(2L);
  }

  @Test
  void whileRedisIsDownCommandsFailFastAndAfterItIsBackTheyWorkAgain() throws Exception {
    redis.kill();

    long started = System.nanoTime();
    assertThatThrownBy(() -> get("k")).isInstanceOf(CompletionException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));

    redis.restart();
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .untilAsserted(() -> assertThat(get("missing")).isNull());
  }

  @Test
  void aLinkToAnAbsentRedisStartsAndFailsEachCommandAtOnce() {
    try (RedisLink nowhere = RedisLink.open("redis://127.0.0.1:1", Duration.ofMillis(200))) {
      assertThatThrownBy(
              () ->
                  nowhere
                      .run(r -> r.get("k".getBytes()))
                      .toCompletableFuture()
                      .orTimeout(5, TimeUnit.SECONDS)
                      .join())
          .isInstanceOf(CompletionException.class);
    }
  }
}
