package dev.toolgate.cli.dev;

import dev.toolgate.api.config.AuthConfig;
import dev.toolgate.api.config.GatewayConfig;
import dev.toolgate.api.config.IssuerConfig;
import dev.toolgate.api.config.ScopeConfig;
import dev.toolgate.api.config.ToolConfig;
import dev.toolgate.api.config.UpstreamConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The compiled config, as the operator would write it, turned into what the dev gateway reads: each
 * upstream that runs locally points at its local URL instead of the cluster Service, upstreams
 * without a local stand-in are left out (and the scope grants that named their tools), and the auth
 * section trusts the development issuer. Nothing else changes: the policy is the compiler's.
 *
 * @param config the config to write
 * @param notRun ids of compiled upstreams left out because nothing runs them locally
 * @param scopesOut scope strings left out because none of their tools runs locally
 */
public record DevGatewayConfig(GatewayConfig config, List<String> notRun, List<String> scopesOut) {

  /**
   * @param localUrls the URL each locally run McpTool answers at, by {@code <namespace>/<name>}
   */
  public static DevGatewayConfig of(
      GatewayConfig compiled, Map<String, String> localUrls, String audience, IssuerConfig issuer) {
    List<UpstreamConfig> upstreams = new ArrayList<>();
    List<String> notRun = new ArrayList<>();
    Set<String> exposed = new HashSet<>();
    for (UpstreamConfig upstream : compiled.upstreams()) {
      String url = localUrls.get(upstream.id());
      if (url == null) {
        notRun.add(upstream.id());
        continue;
      }
      upstreams.add(
          new UpstreamConfig(
              upstream.id(),
              url,
              upstream.passthroughPath(),
              upstream.toolPrefix(),
              upstream.exposeAll(),
              upstream.timeout(),
              upstream.tools(),
              upstream.redaction(),
              upstream.remote(),
              upstream.passthroughScopes()));
      upstream.tools().stream().map(ToolConfig::exposedName).forEach(exposed::add);
    }
    List<ScopeConfig> scopes = new ArrayList<>();
    List<String> scopesOut = new ArrayList<>();
    for (ScopeConfig scope : compiled.scopes()) {
      List<String> tools = scope.tools().stream().filter(exposed::contains).toList();
      if (tools.isEmpty()) {
        scopesOut.add(scope.scope());
        continue;
      }
      scopes.add(
          new ScopeConfig(
              scope.scope(),
              scope.source(),
              tools,
              scope.subjects(),
              scope.maxTokenLifetime(),
              scope.rateLimit(),
              scope.budget()));
    }
    GatewayConfig config =
        new GatewayConfig(
            compiled.version(), AuthConfig.of(audience, List.of(issuer)), upstreams, scopes);
    return new DevGatewayConfig(config, List.copyOf(notRun), List.copyOf(scopesOut));
  }
}
