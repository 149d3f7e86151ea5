package dev.toolgate.gateway.budget;

import dev.toolgate.gateway.redis.RedisLink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Budgets in Redis, shared by every replica: one script call per decision charges every budget of
 * the call or none, on Redis's clock. A balance is a hash ({@code w}: the period's number since the
 * epoch, {@code u}: units used in it) that expires when its period ends.
 */
public final class RedisBudgetLedger implements BudgetLedger {

  static final String PREFIX = "toolgate:budget:";

  private static final RedisLink.Script SCRIPT =
      RedisLink.Script.of(
          """
          local t = redis.call('TIME')
          local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
          local cost = tonumber(ARGV[1])
          local used = {}
          local refused = 0
          for i, key in ipairs(KEYS) do
            local units = tonumber(ARGV[2 * i])
            local period = tonumber(ARGV[2 * i + 1])
            local window = math.floor(now / period)
            local state = redis.call('HMGET', key, 'w', 'u')
            local u = 0
            if tonumber(state[1]) == window then
              u = tonumber(state[2]) or 0
            end
            used[i] = u
            if refused == 0 and u + cost > units then
              refused = i
            end
          end
          local reply = {refused == 0 and 1 or 0, refused - 1}
          for i, key in ipairs(KEYS) do
            local units = tonumber(ARGV[2 * i])
            local period = tonumber(ARGV[2 * i + 1])
            local window = math.floor(now / period)
            local u = used[i]
            local renews = (window + 1) * period
            if refused == 0 then
              u = u + cost
              redis.call('HSET', key, 'w', string.format('%d', window), 'u', u)
              redis.call('PEXPIREAT', key, renews + 1000)
            end
            reply[2 * i + 1] = math.max(0, units - u)
            reply[2 * i + 2] = renews - now
          end
          return reply
          """);

  private final RedisLink redis;

  public RedisBudgetLedger(RedisLink redis) {
    this.redis = redis;
  }

  @Override
  public CompletionStage<BudgetDecision> charge(List<Budget> budgets, long cost) {
    byte[][] keys = new byte[budgets.size()][];
    byte[][] args = new byte[1 + budgets.size() * 2][];
    args[0] = Long.toString(cost).getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < budgets.size(); i++) {
      Budget budget = budgets.get(i);
      keys[i] = (PREFIX + budget.key()).getBytes(StandardCharsets.UTF_8);
      args[1 + 2 * i] = Long.toString(budget.units()).getBytes(StandardCharsets.US_ASCII);
      args[2 + 2 * i] = Long.toString(budget.periodMillis()).getBytes(StandardCharsets.US_ASCII);
    }
    return redis
        .script(SCRIPT, keys, args)
        .thenApply(
            reply -> {
              List<BudgetDecision.Balance> balances = new ArrayList<>(budgets.size());
              for (int i = 0; i < budgets.size(); i++) {
                balances.add(
                    new BudgetDecision.Balance(
                        (Long) reply.get(2 + 2 * i), (Long) reply.get(3 + 2 * i)));
              }
              return new BudgetDecision(
                  (Long) reply.get(0) == 1,
                  ((Long) reply.get(1)).intValue(),
                  List.copyOf(balances));
            });
  }
}
