package dev.toolgate.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.api.config.GatewayConfig;
import dev.toolgate.api.config.ToolConfig;
import dev.toolgate.api.config.UpstreamConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutingTableTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode tool(String name) {
    return JSON.createObjectNode().put("name", name).put("description", name + " tool");
  }

  private static UpstreamConfig upstream(String name, boolean exposeAll, List<ToolConfig> tools) {
    return new UpstreamConfig(
        "tools/" + name,
        "http://" + name + ":8080/mcp",
        "/mcp/tools/tools/" + name,
        name,
        exposeAll,
        "20s",
        tools,
        null);
  }

  @Test
  void exposesListedToolsUnderTheirExposedNamesAndAllToolsOfExposeAllWorkers() throws Exception {
    GatewayConfig config =
        new GatewayConfig(
            GatewayConfig.CURRENT_VERSION,
            null,
            List.of(
                upstream(
                    "billing",
                    false,
                    List.of(
                        new ToolConfig(
                            "get_invoice", "invoices.get", null, null, null, null, "5s", null))),
                upstream("search", true, List.of())),
            List.of());
    RoutingTable table =
        RoutingTable.build(
            config,
            Map.of(
                "tools/billing", List.of(tool("get_invoice"), tool("send_refund")),
                "tools/search", List.of(tool("query"))),
            RoutingTable.MAX_TIMEOUT);

    assertThat(table.tool("invoices.get"))
        .hasValueSatisfying(
            r -> {
              assertThat(r.upstreamName()).isEqualTo("get_invoice");
              assertThat(r.timeoutMillis()).isEqualTo(5_000);
            });
    assertThat(table.tool("billing.send_refund")).as("not listed, not exposed").isEmpty();
    assertThat(table.tool("search.query"))
        .hasValueSatisfying(r -> assertThat(r.timeoutMillis()).isEqualTo(20_000));
    assertThat(table.toolCount()).isEqualTo(2);
    assertThat(JSON.readTree(table.toolsListResult()).path("tools").findValuesAsText("name"))
        .containsExactly("invoices.get", "search.query");
    assertThat(table.passthrough("/mcp/tools/tools/search")).isPresent();
  }

  @Test
  void theFingerprintFollowsTheVisibleToolsOnly() {
    GatewayConfig config =
        new GatewayConfig(
            GatewayConfig.CURRENT_VERSION,
            null,
            List.of(upstream("search", true, List.of())),
            List.of());
    RoutingTable one =
        RoutingTable.build(
            config, Map.of("tools/search", List.of(tool("query"))), RoutingTable.MAX_TIMEOUT);
    RoutingTable same =
        RoutingTable.build(
            config, Map.of("tools/search", List.of(tool("query"))), RoutingTable.MAX_TIMEOUT);
    RoutingTable more =
        RoutingTable.build(
            config,
            Map.of("tools/search", List.of(tool("query"), tool("suggest"))),
            RoutingTable.MAX_TIMEOUT);
    assertThat(one.fingerprint()).isEqualTo(same.fingerprint()).isNotEqualTo(more.fingerprint());
  }

  @Test
  void aToolAServerListsTwiceIsExposedOnceAndTheSecondIsACollisionWithItself() {
    GatewayConfig config =
        new GatewayConfig(
            GatewayConfig.CURRENT_VERSION,
            null,
            List.of(upstream("search", true, List.of())),
            List.of());
    RoutingTable table =
        RoutingTable.build(
            config,
            Map.of("tools/search", List.of(tool("query"), tool("query"))),
            RoutingTable.MAX_TIMEOUT);

    assertThat(table.toolCount()).isEqualTo(1);
    assertThat(table.collisions())
        .containsExactly(
            new RoutingTable.NameCollision(
                "tools/search", "query", "search.query", "tools/search"));
  }

  @Test
  void aNameFoundAtRunTimeThatAnEarlierUpstreamKeepsIsDroppedNamingTheOwner() {
    GatewayConfig config =
        new GatewayConfig(
            GatewayConfig.CURRENT_VERSION,
            null,
            List.of(
                upstream(
                    "alpha",
                    false,
                    List.of(
                        new ToolConfig("lookup", "beta.find", null, null, null, null, null, null))),
                upstream("beta", true, List.of())),
            List.of());
    RoutingTable table =
        RoutingTable.build(
            config,
            Map.of(
                "tools/alpha", List.of(tool("lookup")),
                "tools/beta", List.of(tool("find"), tool("other"))),
            RoutingTable.MAX_TIMEOUT);

    assertThat(table.tool("beta.find"))
        .hasValueSatisfying(r -> assertThat(r.upstream().id()).isEqualTo("tools/alpha"));
    assertThat(table.tool("beta.other")).isPresent();
    assertThat(table.collisions())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c)
                  .isEqualTo(
                      new RoutingTable.NameCollision(
                          "tools/beta", "find", "beta.find", "tools/alpha"));
              assertThat(c.toString())
                  .isEqualTo(
                      "tool find of tools/beta is not exposed: its name beta.find is taken by tools/alpha");
            });
  }
}
