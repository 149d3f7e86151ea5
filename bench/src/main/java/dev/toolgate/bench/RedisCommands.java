package dev.toolgate.bench;

import dev.toolgate.testing.servers.RedisServer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many commands a call through a Redis-backed gateway sends Redis, by command: read from
 * Redis's own {@code INFO commandstats} before and after each load, divided by the calls of the
 * load (warm-up included, as Redis counts those too). One command is one round trip: the gateway
 * does not pipeline a call's decisions.
 */
final class RedisCommands {

  /** Commands the gateway sends: its scripts (limits, budgets) and the cache's reads and writes. */
  static final java.util.Set<String> SENT = java.util.Set.of("evalsha", "eval", "get", "set");

  private final RedisServer redis;
  private Map<String, Long> before = Map.of();
  private final Map<String, Long> commands = new TreeMap<>();
  private long calls;

  RedisCommands(RedisServer redis) {
    this.redis = redis;
  }

  void mark() {
    before = read();
  }

  void count(long callsOfLoad) {
    read()
        .forEach(
            (command, total) ->
                commands.merge(command, total - before.getOrDefault(command, 0L), Long::sum));
    calls += callsOfLoad;
  }

  /** Round trips per call: the commands the gateway sent, by name. */
  Map<String, Double> sentPerCall() {
    Map<String, Double> sent = new LinkedHashMap<>();
    perCall()
        .forEach(
            (command, perCall) -> {
              if (SENT.contains(command)) {
                sent.put(command, perCall);
              }
            });
    return sent;
  }

  /** Commands per call by command name, over every counted load, scripts' inner ones included. */
  Map<String, Double> perCall() {
    Map<String, Double> perCall = new LinkedHashMap<>();
    commands.forEach(
        (command, count) -> {
          // INFO is the bench's own reading.
          if (count > 0 && !command.equals("info")) {
            perCall.put(command, count / (double) Math.max(1, calls));
          }
        });
    return perCall;
  }

  /** {@code cmdstat_get:calls=12,usec=...} lines as command to calls. */
  private Map<String, Long> read() {
    Map<String, Long> counts = new TreeMap<>();
    for (String line : redis.info("commandstats").split("\r?\n")) {
      if (!line.startsWith("cmdstat_")) {
        continue;
      }
      String command = line.substring("cmdstat_".length(), line.indexOf(':'));
      for (String field : line.substring(line.indexOf(':') + 1).split(",")) {
        if (field.startsWith("calls=")) {
          counts.put(command, Long.parseLong(field.substring("calls=".length())));
        }
      }
    }
    return counts;
  }
}
