package dev.toolgate.cluster;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import java.time.Duration;

/**
 * How the tests' MCP client reaches the gateway, in one place: its Service's cluster name (resolved
 * by cluster DNS, see {@link ClusterDns}), port 80, through kube-proxy to a gateway pod. The chart
 * is installed with {@code gateway.allowAnonymous} (no issuer on this node), so no token is sent; a
 * token for an issuer the node trusts would go here.
 */
final class Mcp {

  static final String GATEWAY = "http://toolgate-gateway.toolgate-system.svc.cluster.local";

  private Mcp() {}

  /** An initialized client of the gateway's aggregated endpoint. */
  static McpSyncClient gateway(Duration requestTimeout) {
    McpSyncClient client =
        McpClient.sync(HttpClientStreamableHttpTransport.builder(GATEWAY).endpoint("/mcp").build())
            .requestTimeout(requestTimeout)
            .build();
    client.initialize();
    return client;
  }

  static McpSyncClient gateway() {
    return gateway(Duration.ofSeconds(30));
  }
}
