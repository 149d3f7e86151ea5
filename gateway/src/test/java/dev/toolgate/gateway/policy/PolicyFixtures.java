package dev.toolgate.gateway.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.api.config.GatewayConfig;
import dev.toolgate.api.config.ToolConfig;
import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.gateway.auth.Principal;
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

  /** An open gateway's security: no auth settings, anonymous callers allowed. */
  static final Pipelines.Security SECURITY =
      new Pipelines.Security(
          new dev.toolgate.gateway.auth.Authenticator(java.time.Clock.systemUTC(), true, null, 16),
          new dev.toolgate.gateway.identity.IdentityTokens(
              new dev.toolgate.gateway.identity.IdentityKeys(), java.time.Clock.systemUTC()));

  private PolicyFixtures() {}

  static ObjectNode tool(String name) {
    ObjectNode tool = JSON.createObjectNode().put("name", name);
    tool.putObject("inputSchema").put("type", "object");
    return tool;
  }

  /** Policy services over memory backends, answers recorded (the shop's, for this table). */
  static ShopFixture services() {
    return new ShopFixture();
  }

  static WorkerCall call(String json, UpstreamConfig passthrough) throws JsonRpcException {
    return new WorkerCall(
        null,
        ForwardedHeaders.NONE,
        Principal.ANONYMOUS,
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
