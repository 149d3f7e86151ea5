package dev.toolgate.gateway.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.api.config.BudgetConfig;
import dev.toolgate.api.config.CacheConfig;
import dev.toolgate.api.config.GatewayConfig;
import dev.toolgate.api.config.LoopDetectionConfig;
import dev.toolgate.api.config.RateLimitConfig;
import dev.toolgate.api.config.RedactionConfig;
import dev.toolgate.api.config.ScopeConfig;
import dev.toolgate.api.config.SecretFingerprints;
import dev.toolgate.api.config.ToolConfig;
import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.gateway.auth.Principal;
import dev.toolgate.gateway.budget.BudgetLedger;
import dev.toolgate.gateway.budget.MemoryBudgetLedger;
import dev.toolgate.gateway.cache.MemoryResultCache;
import dev.toolgate.gateway.cache.ResultCache;
import dev.toolgate.gateway.limits.MemoryRateLimiter;
import dev.toolgate.gateway.limits.RateLimiter;
import dev.toolgate.gateway.loops.LoopDetector;
import dev.toolgate.gateway.protocol.JsonRpcException;
import dev.toolgate.gateway.protocol.JsonRpcParser;
import dev.toolgate.gateway.routing.RoutingTable;
import dev.toolgate.gateway.upstream.ForwardedHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * One worker, {@code tools/shop}, whose tools show every policy: {@code lookup} (cached, the worker
 * marks it readOnly), {@code search} (a cache configured but neither idempotent nor hinted), {@code
 * catalog} (a cache shared by all callers, declared idempotent), {@code refund} (2 calls a minute
 * per caller, cost 5), {@code quote} (1 call a minute for all callers), {@code watch} (loop
 * detection alone: 3 repeats in 1m), {@code plain} (no policy). McpScopes: {@code shop:read} grants
 * lookup with a budget of 10 units an hour; {@code shop:write} grants refund with a limit of 100 a
 * minute and a budget of 12 a day. Calls run the real tool-call pipeline; the last stage records
 * them, and the test plays the worker.
 */
final class ShopFixture {

  static final ObjectMapper JSON = new ObjectMapper();

  final AtomicLong millis = new AtomicLong(1_000_000);
  final AtomicReference<String> caller = new AtomicReference<>("alice");
  final RecordingAnswers answers = new RecordingAnswers();
  final List<WorkerCall> forwarded = new CopyOnWriteArrayList<>();
  final MemoryResultCache memoryCache =
      new MemoryResultCache(1 << 20, () -> millis.get() * 1_000_000);
  final RoutingTable table;
  final PolicyServices services;
  final CallPipeline pipeline;

  ShopFixture() {
    this(PolicyOptions.defaults(), null, null, null, null);
  }

  /** With a backend replaced (null: the in-memory one) or the redaction config of the worker. */
  ShopFixture(
      PolicyOptions options,
      RateLimiter limiter,
      ResultCache cache,
      RedactionConfig redaction,
      SecretFingerprints keys) {
    this(options, limiter, null, cache, redaction, keys, defaultTools());
  }

  ShopFixture(
      PolicyOptions options,
      RateLimiter limiter,
      BudgetLedger ledger,
      ResultCache cache,
      RedactionConfig redaction,
      SecretFingerprints keys,
      List<ObjectNode> catalog) {
    UpstreamConfig shop =
        new UpstreamConfig(
            "tools/shop",
            "http://shop.tools.svc.cluster.local:8080/mcp",
            "/mcp/tools/tools/shop",
            "shop",
            null,
            "30s",
            List.of(
                tool("lookup", null, new CacheConfig("5m"), null, null, null),
                tool("search", null, new CacheConfig("5m"), null, null, null),
                tool("catalog", null, new CacheConfig("1m", true), null, true, null),
                tool("refund", new RateLimitConfig(2, "1m", "caller"), null, 5, null, null),
                tool("quote", new RateLimitConfig(1, "1m", "tool"), null, null, null, null),
                tool("watch", null, null, null, null, new LoopDetectionConfig(3, "1m")),
                tool("plain", null, null, null, null, null)),
            redaction);
    GatewayConfig config =
        new GatewayConfig(
            GatewayConfig.CURRENT_VERSION,
            null,
            List.of(shop),
            List.of(
                new ScopeConfig(
                    "shop:read",
                    "tools/read",
                    List.of("shop.lookup"),
                    null,
                    null,
                    null,
                    new BudgetConfig(10, "1h")),
                new ScopeConfig(
                    "shop:write",
                    "tools/write",
                    List.of("shop.refund"),
                    null,
                    null,
                    new RateLimitConfig(100, "1m", null),
                    new BudgetConfig(12, "24h"))));
    table = RoutingTable.build(config, Map.of("tools/shop", catalog), RoutingTable.MAX_TIMEOUT);
    services =
        new PolicyServices(
            new ToolPolicies(() -> table, () -> config, options, keys),
            limiter != null ? limiter : new MemoryRateLimiter(millis::get, 1000),
            ledger != null
                ? ledger
                : new MemoryBudgetLedger(
                    Clock.fixed(Instant.parse("2026-01-01T10:00:00Z"), ZoneOffset.UTC),
                    1000,
                    Duration.ofDays(1)),
            new LoopDetector(millis::get, 1000),
            cache != null ? cache : memoryCache,
            options,
            call -> CallerKey.of(caller.get()),
            CallScopes.everyGrantingScope(),
            answers);
    pipeline =
        Pipelines.toolCalls(
            () -> table, PolicyFixtures.SECURITY, services, (call, chain) -> forwarded.add(call));
  }

  static List<ObjectNode> defaultTools() {
    List<ObjectNode> tools = new ArrayList<>();
    for (String name :
        List.of("lookup", "search", "catalog", "refund", "quote", "watch", "plain")) {
      ObjectNode tool = JSON.createObjectNode().put("name", name);
      tool.putObject("inputSchema").put("type", "object");
      if (name.equals("lookup")) {
        tool.putObject("annotations").put("readOnlyHint", true);
      }
      tools.add(tool);
    }
    return tools;
  }

  private static ToolConfig tool(
      String name,
      RateLimitConfig limit,
      CacheConfig cache,
      Integer cost,
      Boolean idempotent,
      LoopDetectionConfig loops) {
    return new ToolConfig(
        name, "shop." + name, List.of("shop." + name), limit, cache, cost, null, idempotent, loops);
  }

  static String request(int id, String tool, String arguments) {
    return request(id, tool, arguments, null);
  }

  static String request(int id, String tool, String arguments, String meta) {
    return "{\"jsonrpc\":\"2.0\",\"id\":"
        + id
        + ",\"method\":\"tools/call\",\"params\":{\"name\":\"shop."
        + tool
        + "\",\"arguments\":"
        + arguments
        + (meta == null ? "" : ",\"_meta\":" + meta)
        + "}}";
  }

  /** Runs a call through the pipeline; it either was answered or reached the worker. */
  WorkerCall call(String json) throws JsonRpcException {
    WorkerCall call =
        new WorkerCall(
            null,
            ForwardedHeaders.NONE,
            Principal.ANONYMOUS,
            null,
            JsonRpcParser.parse(json.getBytes(StandardCharsets.UTF_8)),
            null);
    pipeline.run(call);
    return call;
  }

  /** Plays the worker: the call's answer as the relay would deliver it, then the exchange ends. */
  byte[] answer(WorkerCall call, String resultOrError) {
    byte[] answer =
        ("{\"jsonrpc\":\"2.0\",\"id\":" + call.message().rawId() + "," + resultOrError + "}")
            .getBytes(StandardCharsets.UTF_8);
    UnaryOperator<byte[]> rewrite = call.answerRewrite();
    byte[] sent = rewrite.apply(answer);
    answers.end(call);
    return sent;
  }

  static String textResult(String text) {
    return "\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\"}]}";
  }

  static JsonNode json(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
