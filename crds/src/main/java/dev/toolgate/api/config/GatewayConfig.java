package dev.toolgate.api.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;

/**
 * Everything the gateway needs to route and police calls, compiled from all McpTools and McpScopes.
 *
 * @param version the schema version of this contract, {@link #CURRENT_VERSION}
 * @param auth how callers authenticate; {@code null} means the gateway's own settings apply
 * @param upstreams one entry per McpTool, sorted by {@link UpstreamConfig#id()}
 * @param scopes one entry per McpScope, sorted by {@link ScopeConfig#scope()}
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record GatewayConfig(
    String version, AuthConfig auth, List<UpstreamConfig> upstreams, List<ScopeConfig> scopes) {

  public static final String CURRENT_VERSION = "toolgate.dev/gateway-config/v1";

  public GatewayConfig {
    upstreams = upstreams == null ? List.of() : List.copyOf(upstreams);
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
  }

  public static GatewayConfig empty() {
    return new GatewayConfig(CURRENT_VERSION, null, List.of(), List.of());
  }

  public Optional<UpstreamConfig> upstream(String id) {
    return upstreams.stream().filter(u -> u.id().equals(id)).findFirst();
  }
}
