package dev.toolgate.gateway.limits;

import dev.toolgate.gateway.redis.RedisLink;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Token buckets in Redis, shared by every gateway replica: one script call per decision takes a
 * token from every bucket of the call or from none, on Redis's clock (replicas' clocks may differ).
 * A bucket is a hash ({@code t}: tokens, {@code ts}: last update in ms) that expires once it would
 * be full again.
 */
public final class RedisRateLimiter implements RateLimiter {

  static final String PREFIX = "toolgate:rl:";

  private static final RedisLink.Script SCRIPT =
      RedisLink.Script.of(
          """
          local t = redis.call('TIME')
          local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
          local tokens = {}
          local refused = 0
          local wait = 0
          for i, key in ipairs(KEYS) do
            local cap = tonumber(ARGV[2 * i - 1])
            local period = tonumber(ARGV[2 * i])
            local rate = cap / period
            local state = redis.call('HMGET', key, 't', 'ts')
            local tk = tonumber(state[1])
            local ts = tonumber(state[2])
            if tk == nil or ts == nil then
              tk = cap
            else
              tk = math.min(cap, tk + math.max(0, now - ts) * rate)
            end
            tokens[i] = tk
            if tk < 1 then
              local needed = math.ceil((1 - tk) / rate)
              if needed > wait then
                wait = needed
                refused = i
              end
            end
          end
          if refused > 0 then
            return {0, refused - 1, wait}
          end
          for i, key in ipairs(KEYS) do
            local period = tonumber(ARGV[2 * i])
            redis.call('HSET', key, 't', tostring(tokens[i] - 1), 'ts', now)
            redis.call('PEXPIRE', key, period + 1000)
          end
          return {1, -1, 0}
          """);

  private final RedisLink redis;

  public RedisRateLimiter(RedisLink redis) {
    this.redis = redis;
  }

  @Override
  public CompletionStage<RateDecision> acquire(List<Limit> limits) {
    byte[][] keys = new byte[limits.size()][];
    byte[][] args = new byte[limits.size() * 2][];
    for (int i = 0; i < limits.size(); i++) {
      Limit limit = limits.get(i);
      keys[i] = (PREFIX + limit.key()).getBytes(StandardCharsets.UTF_8);
      args[2 * i] = Integer.toString(limit.capacity()).getBytes(StandardCharsets.US_ASCII);
      args[2 * i + 1] = Long.toString(limit.periodMillis()).getBytes(StandardCharsets.US_ASCII);
    }
    return redis
        .script(SCRIPT, keys, args)
        .thenApply(
            reply -> {
              long allowed = (Long) reply.get(0);
              return allowed == 1
                  ? RateDecision.ALLOWED
                  : RateDecision.refused(((Long) reply.get(1)).intValue(), (Long) reply.get(2));
            });
  }
}
