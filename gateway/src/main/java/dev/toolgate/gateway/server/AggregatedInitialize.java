package dev.toolgate.gateway.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.gateway.http.Exchange;
import dev.toolgate.gateway.protocol.JsonRpcErrors;
import dev.toolgate.gateway.protocol.JsonRpcException;
import dev.toolgate.gateway.protocol.JsonRpcMessage;
import dev.toolgate.gateway.protocol.McpHeaders;
import dev.toolgate.gateway.protocol.ProtocolVersions;
import dev.toolgate.gateway.routing.Router;
import dev.toolgate.gateway.session.GatewaySession;
import dev.toolgate.gateway.session.SessionRegistry;
import java.io.IOException;

/**
 * {@code initialize} on {@code /mcp}: the gateway answers as one MCP server and opens a session.
 * The client's capabilities and client info are kept (bounded in size) to replay to each worker the
 * session later calls, so a worker knows what it may ask of the client.
 */
final class AggregatedInitialize {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What {@code /mcp} serves. Resource subscriptions and list changes of prompts and resources are
   * not offered: the notifications that carry them come on a worker's own stream, which the
   * aggregated endpoint does not relay.
   */
  private static final String CAPABILITIES =
      "{\"tools\":{\"listChanged\":true},\"resources\":{},\"prompts\":{},"
          + "\"completions\":{},\"logging\":{}}";

  private final SessionRegistry sessions;
  private final Router router;
  private final int maxParamsBytes;
  private final String serverVersion;

  AggregatedInitialize(
      SessionRegistry sessions, Router router, int maxParamsBytes, String serverVersion) {
    this.sessions = sessions;
    this.router = router;
    this.maxParamsBytes = maxParamsBytes;
    this.serverVersion = serverVersion;
  }

  void handle(Exchange exchange, JsonRpcMessage message) throws JsonRpcException {
    if (!message.isRequest()) {
      throw new JsonRpcException(
          400, JsonRpcErrors.INVALID_REQUEST, "Invalid Request: initialize must be a request");
    }
    JsonNode params;
    try {
      params = JSON.readTree(message.bytes()).path("params");
    } catch (IOException e) {
      throw new JsonRpcException(400, JsonRpcErrors.PARSE_ERROR, "Parse error");
    }
    if (!params.path("protocolVersion").isTextual()) {
      throw new JsonRpcException(
          200,
          JsonRpcErrors.INVALID_PARAMS,
          "Invalid params: initialize needs params.protocolVersion",
          message.rawId());
    }
    String version = ProtocolVersions.negotiate(params.path("protocolVersion").asText());
    String replay = replayedParams(params);
    if (replay.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > maxParamsBytes) {
      throw new JsonRpcException(
          400,
          JsonRpcErrors.INVALID_PARAMS,
          "Invalid params: capabilities and clientInfo may take at most "
              + maxParamsBytes
              + " bytes",
          message.rawId());
    }
    GatewaySession session =
        sessions.createAggregated(
            version, replay, Sessions.capKey(exchange), Sessions.owner(exchange));
    session.listedTools(router.table().fingerprint());
    String result =
        "{\"protocolVersion\":\""
            + version
            + "\",\"capabilities\":"
            + CAPABILITIES
            + ","
            + "\"serverInfo\":{\"name\":\"toolgate-gateway\",\"version\":\""
            + serverVersion
            + "\"}}";
    exchange.header(McpHeaders.SESSION_ID, session.id());
    exchange.json(200, JsonRpcErrors.result(message.rawId(), result));
  }

  private static String replayedParams(JsonNode params) {
    ObjectNode replay = JSON.createObjectNode();
    replay.set(
        "capabilities",
        params.path("capabilities").isObject()
            ? params.get("capabilities")
            : JSON.createObjectNode());
    if (params.path("clientInfo").isObject()) {
      replay.set("clientInfo", params.get("clientInfo"));
    }
    return replay.toString();
  }
}
