package dev.toolgate.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists a worker's tools, every page, in a short-lived worker session of its own. The definitions
 * are kept as the worker wrote them, whole (annotations, output schema, execution hints, icons,
 * title, {@code _meta}, fields of revisions newer than the gateway), never bound to a typed model
 * that would drop what it does not know. The session declares every capability a client may have
 * (roots, sampling, elicitation), so a worker that lists some tools only to capable clients shows
 * them all; a client without the capability meets the worker's own answer when it calls one.
 */
public final class ToolDiscovery {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_PAGES = 100;

  private final UpstreamHandshake handshake;

  public ToolDiscovery(UpstreamHandshake handshake) {
    this.handshake = handshake;
  }

  /** The worker's tools as JSON objects, every page of them. */
  public List<ObjectNode> discover(String upstreamId, String url) throws IOException {
    UpstreamHandshake.Opened opened;
    try {
      opened = handshake.open(upstreamId, URI.create(url), clientParams(), ForwardedHeaders.NONE);
    } catch (UpstreamException e) {
      throw new IOException("tool discovery: " + e.failure().message());
    }
    UpstreamSession session = opened.session();
    try {
      return listTools(session);
    } catch (UpstreamException e) {
      if (!opened.serverCapabilities().has("tools")) {
        // A server without tools (prompts or resources only) may refuse tools/list: it has none,
        // which is normal operation, not a failure to report on every refresh.
        return List.of();
      }
      throw new IOException("tool discovery: " + e.failure().message());
    } finally {
      handshake.close(session);
    }
  }

  private List<ObjectNode> listTools(UpstreamSession session)
      throws UpstreamException, IOException {
    List<ObjectNode> tools = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      ObjectNode params = JSON.createObjectNode();
      if (cursor != null) {
        params.put("cursor", cursor);
      }
      JsonNode result = handshake.request(session, "tools/list", params);
      for (JsonNode tool : result.path("tools")) {
        if (tool instanceof ObjectNode object && tool.path("name").isTextual()) {
          tools.add(object);
        }
      }
      cursor = result.path("nextCursor").isTextual() ? result.get("nextCursor").asText() : null;
      if (cursor == null || cursor.isEmpty()) {
        return tools;
      }
    }
    throw new IOException("tool discovery: more than " + MAX_PAGES + " pages of tools");
  }

  private static ObjectNode clientParams() {
    ObjectNode params = JSON.createObjectNode();
    ObjectNode capabilities = params.putObject("capabilities");
    capabilities.putObject("roots").put("listChanged", true);
    capabilities.putObject("sampling");
    capabilities.putObject("elicitation");
    params.putObject("clientInfo").put("name", "toolgate-gateway").put("version", "0.1.0");
    return params;
  }
}
