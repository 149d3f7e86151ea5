package dev.toolgate.gateway;

import static org.awaitility.Awaitility.await;

import dev.toolgate.api.config.AuditConfig;
import dev.toolgate.api.config.BudgetConfig;
import dev.toolgate.api.config.CacheConfig;
import dev.toolgate.api.config.GatewayConfig;
import dev.toolgate.api.config.GatewayConfigCodec;
import dev.toolgate.api.config.LoopDetectionConfig;
import dev.toolgate.api.config.RateLimitConfig;
import dev.toolgate.api.config.RedactionConfig;
import dev.toolgate.api.config.ScopeConfig;
import dev.toolgate.api.config.SecretFingerprint;
import dev.toolgate.api.config.ToolConfig;
import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.gateway.config.FileConfigSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Gateways in front of a {@link PolicyWorker} with every policy configured: {@code shop.lookup}
 * cached per caller (the worker marks it readOnly), {@code shop.catalog} cached for everyone,
 * {@code shop.echo} cached per caller, {@code shop.refund} 3 calls a minute per caller at cost 5
 * under the McpScope {@code shop:write} with a budget of 12 units a day, {@code shop.quote} 3 calls
 * a minute for all callers, {@code shop.watch} a loop after 3 identical calls a minute, {@code
 * shop.ticker} cached for 700 ms; redaction of the pattern {@code inv_[0-9]{6}} and of the given
 * Secret fingerprints.
 */
final class PolicyGateways {

  private PolicyGateways() {}

  /** The McpScope {@code shop:write}: {@code shop.refund} with a budget of 12 units a day. */
  static final ScopeConfig WRITE_SCOPE =
      new ScopeConfig(
          "shop:write",
          "tools/write",
          List.of("shop.refund"),
          null,
          null,
          null,
          new BudgetConfig(12, "24h"));

  /**
   * A client of {@code url} with a token of {@code issuer} for {@code subject} and {@code scopes}.
   */
  static PolicyClient tokenClient(
      String url,
      dev.toolgate.gateway.auth.TestIssuer issuer,
      String audience,
      String subject,
      String scopes)
      throws Exception {
    return new PolicyClient(
        url, "127.0.0.1", issuer.token(audience).subject(subject).scope(scopes).sign());
  }

  static GatewayConfig config(String workerUrl, List<SecretFingerprint> fingerprints) {
    List<ToolConfig> tools =
        List.of(
            tool("lookup", null, new CacheConfig("5m"), null, null, null),
            tool("catalog", null, new CacheConfig("5m", true), null, true, null),
            tool("echo", null, new CacheConfig("5m"), null, true, null),
            tool("refund", new RateLimitConfig(3, "1m", "caller"), null, 5, null, null),
            tool("quote", new RateLimitConfig(3, "1m", "tool"), null, null, null, null),
            tool("watch", null, null, null, null, new LoopDetectionConfig(3, "1m")),
            tool("leak", null, new CacheConfig("5m"), null, true, null),
            tool("fail", null, new CacheConfig("5m"), null, true, null),
            tool("oops", null, new CacheConfig("5m"), null, true, null),
            tool("stream", null, null, null, null, null),
            tool("ticker", null, new CacheConfig("700ms", true), null, true, null));
    UpstreamConfig shop =
        new UpstreamConfig(
            "tools/shop",
            workerUrl,
            "/mcp/tools/tools/shop",
            "shop",
            null,
            "30s",
            tools,
            new RedactionConfig(
                List.of("inv_[0-9]{6}"),
                List.of(new RedactionConfig.SecretRef("tools", "shop-secrets", null)),
                fingerprints));
    return new GatewayConfig(
        GatewayConfig.CURRENT_VERSION, null, List.of(shop), List.of(WRITE_SCOPE));
  }

  static ToolConfig tool(
      String name,
      RateLimitConfig limit,
      CacheConfig cache,
      Integer cost,
      Boolean idempotent,
      LoopDetectionConfig loops) {
    return tool(name, limit, cache, cost, idempotent, loops, null);
  }

  /** The policy of the worker's tool {@code name}, exposed as {@code shop.<name>}. */
  static ToolConfig tool(
      String name,
      RateLimitConfig limit,
      CacheConfig cache,
      Integer cost,
      Boolean idempotent,
      LoopDetectionConfig loops,
      AuditConfig audit) {
    return new ToolConfig(
        name,
        "shop." + name,
        List.of("shop." + name),
        limit,
        cache,
        cost,
        null,
        idempotent,
        loops,
        audit);
  }

  /**
   * The config's YAML with an auth section trusting {@code issuerUrl} (RS256) for {@code audience}.
   */
  static String requiringTokens(GatewayConfig config, String audience, String issuerUrl) {
    return GatewayConfigCodec.toYaml(config)
        .replaceFirst(
            "version: toolgate.dev/gateway-config/v1\n",
            """
            version: toolgate.dev/gateway-config/v1
            auth:
              audience: %s
              issuers:
              - issuer: %s
                algorithms: [RS256]
            """
                .formatted(audience, issuerUrl));
  }

  /** A gateway on a loopback port reading {@code config} from a file in {@code dir}. */
  static Gateway start(Path dir, GatewayConfig config, UnaryOperator<GatewayOptions> options)
      throws Exception {
    Path file = Files.createTempFile(dir, "gateway-config", ".yaml");
    Files.writeString(file, GatewayConfigCodec.toYaml(config));
    Gateway gateway =
        Gateway.start(
            options.apply(
                GatewayOptions.defaults()
                    .withAudit(Audits::quiet)
                    .withAllowAnonymous(true)
                    .withHost("127.0.0.1")
                    .withPort(0)
                    .withAdminPort(0)
                    .withConfigFile(file)
                    .withCatalogRefresh(Duration.ofSeconds(1))),
            new FileConfigSource(file, Duration.ofMillis(100)));
    await().atMost(Duration.ofSeconds(10)).until(() -> gateway.configs().isLoaded());
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> gateway.router().table().toolCount() == PolicyWorker.TOOLS.length);
    return gateway;
  }
}
