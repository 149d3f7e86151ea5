package dev.toolgate.gateway;

import static org.awaitility.Awaitility.await;

import dev.toolgate.gateway.config.FileConfigSource;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

/**
 * A real gateway on a loopback port, reading its config from a file in a temp directory, for
 * end-to-end tests. Config edits go through the same file watch a developer uses.
 */
public final class GatewayFixture implements AutoCloseable {

  /** One upstream entry of a test config. */
  public record Upstream(String namespace, String name, String url, String prefix, String timeout) {
    public Upstream(String namespace, String name, String url, String prefix) {
      this(namespace, name, url, prefix, "30s");
    }
  }

  private final Path configFile;
  private final Gateway gateway;

  private GatewayFixture(Path configFile, Gateway gateway) {
    this.configFile = configFile;
    this.gateway = gateway;
  }

  public static GatewayFixture start(Path dir, List<Upstream> upstreams) throws Exception {
    return start(dir, upstreams, UnaryOperator.identity());
  }

  public static GatewayFixture start(
      Path dir, List<Upstream> upstreams, UnaryOperator<GatewayOptions> options) throws Exception {
    return startWithConfig(dir, config(upstreams), options);
  }

  /** A gateway on a hand-written config (one with an auth section, say). */
  public static GatewayFixture startWithConfig(
      Path dir, String yaml, UnaryOperator<GatewayOptions> options) throws Exception {
    Path file = dir.resolve("gateway-config.yaml");
    Files.writeString(file, yaml);
    GatewayOptions base =
        GatewayOptions.defaults()
            .withAudit(Audits::quiet)
            .withHost("127.0.0.1")
            .withPort(0)
            .withAdminPort(0)
            .withConfigFile(file)
            .withCatalogRefresh(Duration.ofSeconds(1))
            // Tests about routing, sessions and workers run without tokens; those about auth put
            // an auth section in the config, which makes tokens required whatever this says.
            .withAllowAnonymous(true);
    Gateway gateway =
        Gateway.start(options.apply(base), new FileConfigSource(file, Duration.ofMillis(100)));
    GatewayFixture fixture = new GatewayFixture(file, gateway);
    await().atMost(Duration.ofSeconds(10)).until(() -> gateway.configs().isLoaded());
    return fixture;
  }

  /**
   * A gateway whose config names the gateway's own URL, such as an auth section's audience, which a
   * spec-following client checks against the URL it connects to: started on a config written for
   * port 0, then given the config for the port it got, through the same file watch.
   */
  public static GatewayFixture startWithOwnUrl(
      Path dir, IntFunction<String> yamlForPort, UnaryOperator<GatewayOptions> options)
      throws Exception {
    GatewayFixture fixture = startWithConfig(dir, yamlForPort.apply(0), options);
    String first = fixture.gateway.configs().current().orElseThrow().hash();
    fixture.writeConfig(yamlForPort.apply(fixture.gateway.port()));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !first.equals(fixture.gateway.configs().current().orElseThrow().hash()));
    return fixture;
  }

  public static String config(List<Upstream> upstreams) {
    StringBuilder yaml = new StringBuilder("version: toolgate.dev/gateway-config/v1\nupstreams:\n");
    for (Upstream u : upstreams) {
      yaml.append("  - id: ")
          .append(u.namespace())
          .append('/')
          .append(u.name())
          .append('\n')
          .append("    url: ")
          .append(u.url())
          .append('\n')
          .append("    passthroughPath: /mcp/tools/")
          .append(u.namespace())
          .append('/')
          .append(u.name())
          .append('\n')
          .append("    toolPrefix: ")
          .append(u.prefix())
          .append('\n')
          .append("    exposeAll: true\n")
          .append("    timeout: ")
          .append(u.timeout())
          .append('\n');
    }
    return yaml.toString();
  }

  /** Replaces the config file atomically, as a ConfigMap volume update does. */
  public void writeConfig(String yaml) throws IOException {
    Path temp = Files.createTempFile(configFile.getParent(), "config", ".tmp");
    Files.writeString(temp, yaml);
    Files.move(
        temp, configFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  public void awaitToolCount(int count) {
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> gateway.router().table().toolCount() == count);
  }

  public Gateway gateway() {
    return gateway;
  }

  public String aggregatedUrl() {
    return gateway.url();
  }

  public String passthroughUrl(String namespace, String name) {
    return "http://127.0.0.1:" + gateway.port() + "/mcp/tools/" + namespace + "/" + name;
  }

  /** An MCP Java SDK client of the given endpoint, not yet initialized. */
  public static McpClient.SyncSpec client(String url) {
    URI uri = URI.create(url);
    HttpClientStreamableHttpTransport transport =
        HttpClientStreamableHttpTransport.builder(uri.getScheme() + "://" + uri.getRawAuthority())
            .endpoint(uri.getRawPath())
            .build();
    return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(20));
  }

  public static McpSyncClient connect(String url) {
    McpSyncClient client = client(url).build();
    client.initialize();
    return client;
  }

  @Override
  public void close() throws Exception {
    gateway.close();
  }
}
