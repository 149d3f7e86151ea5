package dev.toolgate.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.toolgate.gateway.redis.RedisLink;
import dev.toolgate.testing.servers.RedisServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisResultCacheTest {

  private static RedisServer redis;
  private static RedisLink link;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisServer.start();
    link = RedisLink.open(redis.url(), Duration.ofSeconds(1));
    await().atMost(Duration.ofSeconds(10)).until(link::isConnected);
  }

  @AfterAll
  static void stop() throws Exception {
    link.close();
    redis.close();
  }

  @Test
  void storesUnderAHashedKeyAndRedisExpiresTheEntry() {
    RedisResultCache cache = new RedisResultCache(link);
    byte[] value = "{\"content\":[]}".getBytes(StandardCharsets.UTF_8);

    cache.put("abc123", value, Duration.ofMillis(400)).toCompletableFuture().join();

    assertThat(cache.get("abc123").toCompletableFuture().join()).isEqualTo(value);
    assertThat(redis.command("PTTL toolgate:cache:abc123")).matches(":[1-4][0-9]{0,2}");
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> cache.get("abc123").toCompletableFuture().join() == null);
  }
}
