package dev.toolgate.gateway.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.api.config.GatewayConfig;
import dev.toolgate.api.config.ToolConfig;
import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.gateway.protocol.JsonRpcException;
import dev.toolgate.gateway.protocol.JsonRpcParser;
import dev.toolgate.gateway.routing.RoutingTable;
import dev.toolgate.gateway.upstream.ForwardedHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A routing table with one worker, {@code tools/billing}, that offers {@code get_invoice} and
 * {@code send_refund} but whose McpTool exposes only {@code get_invoice} (as {@code
 * billing.get_invoice}); and calls to run through stages.
 */
final class PolicyFixtures {

  static final ObjectMapper JSON = new ObjectMapper();

  static final UpstreamConfig BILLING =
      new UpstreamConfig(
          "tools/billing",
          "http://billing.tools.svc.cluster.local:8080/mcp",
          "/mcp/tools/tools/billing",
          "billing",
          false,
          "30s",
          List.of(
              new ToolConfig(
                  "get_invoice", "billing.get_invoice", null, null, null, null, null, null)),
          null);

  static final RoutingTable TABLE =
      RoutingTable.build(
          new GatewayConfig(GatewayConfig.CURRENT_VERSION, null, List.of(BILLING), List.of()),
          Map.of("tools/billing", List.of(tool("get_invoice"), tool("send_refund"))),
          RoutingTable.MAX_TIMEOUT);

  private PolicyFixtures() {}

  static ObjectNode tool(String name) {
    ObjectNode tool = JSON.createObjectNode().put("name", name);
    tool.putObject("inputSchema").put("type", "object");
    return tool;
  }

  /** Policy services over memory backends with a hand-driven clock, answers recorded. */
  record Services(
      PolicyServices services,
      RecordingAnswers answers,
      java.util.concurrent.atomic.AtomicLong millis,
      dev.toolgate.gateway.cache.MemoryResultCache cache) {}

  static Services services() {
    return services(
        TABLE, GatewayConfig.empty(), dev.toolgate.gateway.policy.PolicyOptions.defaults(), null);
  }

  static Services services(
      RoutingTable table,
      GatewayConfig config,
      PolicyOptions options,
      dev.toolgate.api.config.SecretFingerprints keys) {
    java.util.concurrent.atomic.AtomicLong millis =
        new java.util.concurrent.atomic.AtomicLong(1_000_000);
    RecordingAnswers answers = new RecordingAnswers();
    dev.toolgate.gateway.cache.MemoryResultCache cache =
        new dev.toolgate.gateway.cache.MemoryResultCache(
            options.cacheMaxBytes(), () -> millis.get() * 1_000_000);
    PolicyServices services =
        new PolicyServices(
            new ToolPolicies(() -> table, () -> config, options, keys),
            new dev.toolgate.gateway.limits.MemoryRateLimiter(millis::get, 1000),
            new dev.toolgate.gateway.budget.MemoryBudgetLedger(
                java.time.Clock.fixed(
                    java.time.Instant.parse("2026-01-01T00:00:00Z"), java.time.ZoneOffset.UTC),
                1000,
                java.time.Duration.ofDays(1)),
            new dev.toolgate.gateway.loops.LoopDetector(millis::get, 1000),
            cache,
            options,
            call -> CallerKey.of(call.headers() == ForwardedHeaders.NONE ? "caller-a" : "caller-b"),
            CallScopes.everyGrantingScope(),
            answers);
    return new Services(services, answers, millis, cache);
  }

  static WorkerCall call(String json, UpstreamConfig passthrough) throws JsonRpcException {
    return new WorkerCall(
        null,
        ForwardedHeaders.NONE,
        null,
        JsonRpcParser.parse(json.getBytes(StandardCharsets.UTF_8)),
        passthrough);
  }

  static String toolCall(String name) {
    return "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\""
        + name
        + "\",\"arguments\":{}}}";
  }
}
