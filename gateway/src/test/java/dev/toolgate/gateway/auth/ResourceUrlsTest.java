package dev.toolgate.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResourceUrlsTest {

  private final ResourceUrls urls = new ResourceUrls("HTTPS://MCP.Example.com/mcp");

  @Test
  void endpointsAndMetadataLiveOnTheCanonicalOrigin() {
    assertThat(urls.canonical()).isEqualTo("https://mcp.example.com/mcp");
    assertThat(urls.endpoint("/mcp/tools/a/b")).isEqualTo("https://mcp.example.com/mcp/tools/a/b");
    assertThat(urls.metadataUrl("/mcp"))
        .isEqualTo("https://mcp.example.com/.well-known/oauth-protected-resource/mcp");
  }

  @Test
  void aTokenForTheGatewayIsGoodEverywhereAndOneForAnEndpointOnlyThere() {
    Set<String> gateway = urls.ours(List.of("https://mcp.example.com/mcp/"));
    Set<String> endpoint = urls.ours(List.of("https://mcp.example.com/mcp/tools/a/b"));

    assertThat(urls.accepts(gateway, "/mcp/tools/a/b")).isTrue();
    assertThat(urls.accepts(endpoint, "/mcp/tools/a/b")).isTrue();
    assertThat(urls.accepts(endpoint, "/mcp")).isFalse();
    assertThat(urls.accepts(endpoint, "/mcp/tools/a/c")).isFalse();
  }

  @Test
  void audiencesOfOtherServersAreNotOurs() {
    assertThat(
            urls.ours(
                List.of(
                    "https://mcp.example.com.evil.com/mcp",
                    "https://other.example.com/mcp",
                    "not a url",
                    "api://default")))
        .isEmpty();
  }
}
