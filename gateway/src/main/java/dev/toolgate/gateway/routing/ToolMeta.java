package dev.toolgate.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.api.config.ToolConfig;

/** The {@code _meta} keys the gateway adds to what it lists and answers. */
public final class ToolMeta {

  /** On each tool of {@code tools/list}: the cost units one call is accounted with. */
  public static final String COST = "dev.toolgate/cost";

  private ToolMeta() {}

  /** Adds the tool's cost to a listed tool's {@code _meta}, keeping what the worker put there. */
  public static void advertiseCost(ObjectNode tool, ToolConfig policy) {
    int cost = policy == null ? 1 : policy.costOrDefault();
    JsonNode meta = tool.get("_meta");
    ObjectNode target = meta instanceof ObjectNode object ? object : tool.putObject("_meta");
    target.put(COST, cost);
  }
}
