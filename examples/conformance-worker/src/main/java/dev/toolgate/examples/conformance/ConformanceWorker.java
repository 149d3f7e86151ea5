package dev.toolgate.examples.conformance;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MCP server built the ordinary way with the MCP Java SDK (its servlet Streamable HTTP transport
 * on Jetty): the worker the gateway's conformance run and end-to-end tests put behind the gateway.
 * Start it with {@link #start} in tests or {@link #main} from a shell.
 */
public final class ConformanceWorker implements AutoCloseable {

  public static final String MCP_PATH = "/mcp";

  private static final Logger LOG = LoggerFactory.getLogger(ConformanceWorker.class);

  private final Server server;
  private final McpSyncServer mcpServer;
  private final String name;

  private ConformanceWorker(Server server, McpSyncServer mcpServer, String name) {
    this.server = server;
    this.mcpServer = mcpServer;
    this.name = name;
  }

  /**
   * Starts a worker on 127.0.0.1.
   *
   * @param port the port, 0 for any free one
   * @param name shows in {@code serverInfo} and in the {@code echo} tool's answers, so tests can
   *     tell two workers apart
   */
  public static ConformanceWorker start(int port, String name) throws Exception {
    return start("127.0.0.1", port, name, List.of());
  }

  /**
   * Starts a worker on any address, as in a container.
   *
   * @param host the address to listen on ({@code 0.0.0.0} in a pod)
   * @param allowedHosts {@code Host} headers accepted besides the loopback names, as {@code
   *     host:port} patterns ({@code billing.tools.svc.cluster.local:*}): the names callers use for
   *     this worker, such as its Service's
   */
  public static ConformanceWorker start(
      String host, int port, String name, List<String> allowedHosts) throws Exception {
    List<String> hosts = new ArrayList<>(List.of("localhost:*", "127.0.0.1:*", "[::1]:*"));
    hosts.addAll(allowedHosts);
    List<String> origins = new ArrayList<>();
    hosts.forEach(h -> origins.add("http://" + h));
    HttpServletStreamableServerTransportProvider transport =
        HttpServletStreamableServerTransportProvider.builder()
            .jsonMapper(McpJsonDefaults.getMapper())
            .mcpEndpoint(MCP_PATH)
            .keepAliveInterval(Duration.ofSeconds(30))
            // Lets the request_headers tool report what reached the worker (names, never values).
            .contextExtractor(
                request ->
                    McpTransportContext.create(
                        Map.of(
                            ConformanceFeatures.HEADER_NAMES,
                            Collections.list(request.getHeaderNames()).stream()
                                .map(header -> header.toLowerCase(Locale.ROOT))
                                .sorted()
                                .toList())))
            // DNS rebinding protection: only loopback names and the allowed ones may address it.
            .httpHeaderValidator(
                DefaultServerTransportSecurityValidator.builder()
                    .allowedHosts(hosts)
                    .allowedOrigins(origins)
                    .build())
            .build();
    ConformanceFeatures features = new ConformanceFeatures(name);
    McpSyncServer mcpServer =
        McpServer.sync(transport)
            .serverInfo(name, "1.0.0")
            .capabilities(
                ServerCapabilities.builder()
                    .completions()
                    .logging()
                    .prompts(false)
                    .resources(true, false)
                    .tools(false)
                    .build())
            .tools(features.tools())
            .prompts(features.prompts())
            .resources(features.resources())
            .resourceTemplates(features.resourceTemplates())
            .completions(features.completions())
            .requestTimeout(Duration.ofSeconds(30))
            .build();

    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("worker-" + name);
    // The SDK's sync server blocks a thread per pending sampling/elicitation: virtual threads.
    threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    Server server = new Server(threads);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    ServletHolder holder = new ServletHolder(transport);
    holder.setAsyncSupported(true);
    context.addServlet(holder, "/*");
    server.setHandler(context);
    server.start();
    return new ConformanceWorker(server, mcpServer, name);
  }

  public int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  /** The worker's MCP endpoint. */
  public String url() {
    return "http://127.0.0.1:" + port() + MCP_PATH;
  }

  public String name() {
    return name;
  }

  /** Stops at once, dropping open connections: the way a crashed worker looks to the gateway. */
  @Override
  public void close() throws Exception {
    mcpServer.close();
    server.stop();
  }

  /**
   * {@code [--host ADDRESS] [--port N] [--name NAME] [--allowed-hosts H:P,...]}; the environment
   * variable {@code MCP_ALLOWED_HOSTS} adds allowed hosts too (how a container image is told its
   * Service name), {@code WORKER_NAME} sets the name.
   */
  public static void main(String[] args) throws Exception {
    String host = "127.0.0.1";
    int port = 9001;
    String name = System.getenv().getOrDefault("WORKER_NAME", "conformance");
    List<String> allowedHosts = new ArrayList<>(split(System.getenv("MCP_ALLOWED_HOSTS")));
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--host" -> host = args[++i];
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--name" -> name = args[++i];
        case "--allowed-hosts" -> allowedHosts.addAll(split(args[++i]));
        default -> {
          System.err.println(
              "usage: ConformanceWorker [--host ADDRESS] [--port N] [--name NAME]"
                  + " [--allowed-hosts HOST:PORT,...]");
          System.exit(2);
        }
      }
    }
    ConformanceWorker worker = start(host, port, name, allowedHosts);
    LOG.info("conformance worker {} listening on {}:{}", name, host, worker.port());
    System.out.println("Worker MCP URL: " + worker.url());
    worker.server.join();
  }

  private static List<String> split(String list) {
    if (list == null || list.isBlank()) {
      return List.of();
    }
    return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
