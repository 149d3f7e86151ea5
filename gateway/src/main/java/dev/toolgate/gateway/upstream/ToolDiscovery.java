package dev.toolgate.gateway.upstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema.Implementation;
import io.modelcontextprotocol.spec.McpSchema.ListToolsResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists a worker's tools with the MCP Java SDK client: the control path, where the SDK's full
 * handshake and typed results are worth their cost. Each discovery uses a fresh, short-lived client
 * session (the SDK 2.1.0 client grows a list on long-lived sessions).
 */
public final class ToolDiscovery {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Duration timeout;
  private final McpJsonMapper mapper = McpJsonDefaults.getMapper();

  public ToolDiscovery(Duration timeout) {
    this.timeout = timeout;
  }

  /** The worker's tools as JSON objects, every page of them. */
  public List<ObjectNode> discover(String url) throws IOException {
    URI uri = URI.create(url);
    String base = uri.getScheme() + "://" + uri.getRawAuthority();
    String endpoint = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    HttpClientStreamableHttpTransport transport =
        HttpClientStreamableHttpTransport.builder(base)
            .endpoint(endpoint)
            .connectTimeout(timeout)
            .openConnectionOnStartup(false)
            .build();
    McpSyncClient client =
        McpClient.sync(transport)
            .clientInfo(new Implementation("toolgate-gateway", "0.1.0"))
            .requestTimeout(timeout)
            .initializationTimeout(timeout)
            .build();
    try {
      client.initialize();
      List<ObjectNode> tools = new ArrayList<>();
      String cursor = null;
      do {
        ListToolsResult page = client.listTools(cursor);
        for (Tool tool : page.tools()) {
          tools.add((ObjectNode) JSON.readTree(mapper.writeValueAsString(tool)));
        }
        cursor = page.nextCursor();
      } while (cursor != null && !cursor.isEmpty());
      return tools;
    } catch (RuntimeException e) {
      throw new IOException("tool discovery at " + url + " failed: " + rootMessage(e), e);
    } finally {
      client.close();
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName()
        + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }
}
