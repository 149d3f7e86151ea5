package dev.toolgate.gateway.cache;

import dev.toolgate.gateway.redis.RedisLink;
import io.lettuce.core.SetArgs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Results in Redis, shared by every replica; Redis expires them. Keys hold no arguments, only a
 * hash.
 */
public final class RedisResultCache implements ResultCache {

  public static final String PREFIX = "toolgate:cache:";

  private final RedisLink redis;

  public RedisResultCache(RedisLink redis) {
    this.redis = redis;
  }

  @Override
  public CompletionStage<byte[]> get(String key) {
    return redis.run(r -> r.get(bytes(key)));
  }

  @Override
  public CompletionStage<Void> put(String key, byte[] value, Duration ttl) {
    return redis
        .run(r -> r.set(bytes(key), value, SetArgs.Builder.px(Math.max(1, ttl.toMillis()))))
        .thenApply(ok -> null);
  }

  private static byte[] bytes(String key) {
    return (PREFIX + key).getBytes(StandardCharsets.UTF_8);
  }
}
