package dev.toolgate.gateway;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * An MCP worker built with the MCP Java SDK whose tools' definitions a test chooses: started again
 * on the same port with another description or another key order, it is a worker redeployed with a
 * changed tool (a "rug pull", or a harmless re-serialization). Its tools answer {@code <tool>:
 * <text>}.
 */
final class SchemaWorker implements AutoCloseable {

  /**
   * A tool's definition.
   *
   * @param name its name
   * @param description its description
   * @param reversed list the input schema's properties in the opposite order (same meaning)
   */
  record Definition(String name, String description, boolean reversed) {}

  private final Server server;
  private final McpSyncServer mcp;

  private SchemaWorker(Server server, McpSyncServer mcp) {
    this.server = server;
    this.mcp = mcp;
  }

  /**
   * @param port the port, 0 for any free one
   */
  static SchemaWorker start(int port, List<Definition> tools) throws Exception {
    HttpServletStreamableServerTransportProvider transport =
        HttpServletStreamableServerTransportProvider.builder()
            .jsonMapper(McpJsonDefaults.getMapper())
            .mcpEndpoint("/mcp")
            .build();
    McpSyncServer mcp =
        McpServer.sync(transport)
            .serverInfo("schema-worker", "1.0.0")
            .capabilities(ServerCapabilities.builder().tools(true).build())
            .tools(tools.stream().map(SchemaWorker::tool).toList())
            .build();
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    ServletHolder holder = new ServletHolder(transport);
    holder.setAsyncSupported(true);
    context.addServlet(holder, "/*");
    server.setHandler(context);
    server.start();
    return new SchemaWorker(server, mcp);
  }

  private static SyncToolSpecification tool(Definition definition) {
    Map<String, Object> text = Map.of("type", "string");
    Map<String, Object> limit = Map.of("type", "integer", "minimum", 1);
    Map<String, Object> properties = new LinkedHashMap<>();
    if (definition.reversed()) {
      properties.put("limit", limit);
      properties.put("text", text);
    } else {
      properties.put("text", text);
      properties.put("limit", limit);
    }
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", properties);
    schema.put("required", List.of("text"));
    return SyncToolSpecification.builder()
        .tool(Tool.builder(definition.name(), schema).description(definition.description()).build())
        .callHandler(
            (exchange, request) ->
                CallToolResult.builder()
                    .content(
                        List.of(
                            new TextContent(
                                definition.name() + ": " + request.arguments().get("text"))))
                    .build())
        .build();
  }

  int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  String url() {
    return "http://127.0.0.1:" + port() + "/mcp";
  }

  /** Stops at once, dropping open connections, as a redeployed worker's old pod goes. */
  @Override
  public void close() throws Exception {
    mcp.close();
    server.stop();
  }
}
