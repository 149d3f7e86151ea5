package dev.toolgate.bench;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The worker every benchmark calls: an MCP server built the ordinary way with the MCP Java SDK's
 * Streamable HTTP servlet transport on Jetty. {@code echo} returns its argument at once; {@code
 * work} does {@link #WORK} of waiting first, the stand-in for a tool that queries something.
 */
public final class BenchWorker implements AutoCloseable {

  public static final String PATH = "/mcp";
  public static final Duration WORK = Duration.ofMillis(1);

  private final Server server;
  private final McpSyncServer mcp;

  private BenchWorker(Server server, McpSyncServer mcp) {
    this.server = server;
    this.mcp = mcp;
  }

  public static BenchWorker start(int port) throws Exception {
    var transport =
        HttpServletStreamableServerTransportProvider.builder()
            .jsonMapper(McpJsonDefaults.getMapper())
            .mcpEndpoint(PATH)
            .build();
    McpSyncServer mcp =
        McpServer.sync(transport)
            .serverInfo("bench-worker", "1.0.0")
            .capabilities(ServerCapabilities.builder().tools(false).build())
            .tools(echo(), work())
            .build();
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(transport), PATH);
    server.setHandler(context);
    server.start();
    return new BenchWorker(server, mcp);
  }

  public String url() {
    return "http://127.0.0.1:"
        + ((ServerConnector) server.getConnectors()[0]).getLocalPort()
        + PATH;
  }

  private static SyncToolSpecification echo() {
    return tool("echo", "Returns its text argument.", Duration.ZERO);
  }

  private static SyncToolSpecification work() {
    return tool("work", "Waits 1 ms, then returns its text argument.", WORK);
  }

  private static SyncToolSpecification tool(String name, String description, Duration work) {
    Tool tool =
        Tool.builder()
            .name(name)
            .description(description)
            .inputSchema(
                Map.of(
                    "type", "object",
                    "properties", Map.of("text", Map.of("type", "string")),
                    "required", java.util.List.of("text")))
            .annotations(new ToolAnnotations(null, true, false, true, false, null))
            .build();
    return SyncToolSpecification.builder()
        .tool(tool)
        .callHandler(
            (exchange, request) -> {
              if (!work.isZero()) {
                LockSupport.parkNanos(work.toNanos());
              }
              return CallToolResult.builder()
                  .addTextContent(String.valueOf(request.arguments().get("text")))
                  .isError(false)
                  .build();
            })
        .build();
  }

  @Override
  public void close() throws Exception {
    mcp.closeGracefully();
    server.stop();
  }

  /** Runs a worker as its own process: {@code BenchWorker [port]}; prints its URL when ready. */
  public static void main(String[] args) throws Exception {
    BenchWorker worker = start(args.length > 0 ? Integer.parseInt(args[0]) : 0);
    System.out.println(ChildJvm.READY_PREFIX + worker.url());
    Thread.currentThread().join();
  }
}
