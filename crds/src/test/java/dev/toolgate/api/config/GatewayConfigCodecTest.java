package dev.toolgate.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayConfigCodecTest {

  static GatewayConfig sample() {
    ToolConfig getInvoice =
        new ToolConfig(
            "get_invoice",
            "billing.get_invoice",
            List.of("billing.get_invoice", "billing:read"),
            new RateLimitConfig(60, "1m", "caller"),
            new CacheConfig("5m", true),
            2,
            "10s",
            true,
            new LoopDetectionConfig(5, "2m"));
    ToolConfig refund =
        new ToolConfig(
            "send_refund",
            "billing.send_refund",
            List.of("billing.send_refund"),
            null,
            null,
            null,
            null,
            null);
    UpstreamConfig billing =
        new UpstreamConfig(
            "tools/billing",
            "http://billing.tools.svc.cluster.local:8080/mcp",
            "/mcp/tools/tools/billing",
            "billing",
            null,
            "30s",
            List.of(getInvoice, refund),
            new RedactionConfig(
                List.of("sk_live_[0-9a-zA-Z]+"),
                List.of(new RedactionConfig.SecretRef("tools", "stripe", "token")),
                List.of(SecretFingerprints.withKey(new byte[32]).of("sk_live_0123456789abcdef"))));
    ScopeConfig readers =
        new ScopeConfig(
            "billing:read",
            "tools/readers",
            List.of("billing.get_invoice"),
            new ScopeConfig.SubjectsConfig(List.of("finance"), List.of(), List.of("agents/bot")),
            "10m",
            new RateLimitConfig(100, "1m", null),
            new BudgetConfig(1000, "24h"));
    AuthConfig auth =
        AuthConfig.of(
                "https://toolgate.example.com/mcp",
                List.of(
                    new IssuerConfig(
                        "https://idp.example.com",
                        "https://idp.example.com/jwks",
                        List.of("RS256", "ES256"),
                        null),
                    new IssuerConfig(
                        "https://kubernetes.default.svc.cluster.local",
                        null,
                        List.of("RS256"),
                        IssuerConfig.KIND_KUBERNETES,
                        IssuerConfig.POD_CA_FILE,
                        IssuerConfig.POD_TOKEN_FILE)))
            .withMaxTokenLifetime("15m")
            .withGroupsClaim("roles")
            .withClockSkew("30s");
    return new GatewayConfig(
        GatewayConfig.CURRENT_VERSION, auth, List.of(billing), List.of(readers));
  }

  @Test
  void yamlRoundTripGivesTheSameConfig() {
    GatewayConfig config = sample();

    assertThat(GatewayConfigCodec.fromYaml(GatewayConfigCodec.toYaml(config))).isEqualTo(config);
  }

  @Test
  void jsonRoundTripGivesTheSameConfig() {
    GatewayConfig config = sample();

    assertThat(GatewayConfigCodec.fromJson(GatewayConfigCodec.toJson(config))).isEqualTo(config);
  }

  @Test
  void yamlLeavesAbsentValuesOutAndKeepsDeclarationOrder() {
    String yaml = GatewayConfigCodec.toYaml(sample());

    assertThat(yaml).startsWith("version: toolgate.dev/gateway-config/v1\nauth:\n");
    assertThat(yaml).doesNotContain("null").doesNotContain("exposeAll");
    assertThat(yaml.indexOf("upstreams:")).isLessThan(yaml.indexOf("scopes:\n- scope"));
  }

  @Test
  void authIsWrittenAsAListOfIssuersWithoutDerivedValues() {
    String yaml = GatewayConfigCodec.toYaml(sample());

    assertThat(yaml)
        .contains(
            """
            auth:
              audience: https://toolgate.example.com/mcp
              maxTokenLifetime: 15m
              issuers:
              - issuer: https://idp.example.com
                jwksUri: https://idp.example.com/jwks
                algorithms:
                - RS256
                - ES256
              - issuer: https://kubernetes.default.svc.cluster.local
                algorithms:
                - RS256
                kind: kubernetes
                caFile: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
                tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token
              groupsClaim: roles
              clockSkew: 30s
            """);
    assertThat(yaml).doesNotContain("trustedIssuers").doesNotContain("OrDefault");
  }

  @Test
  void theSingleIssuerFormOfEarlierConfigsIsStillRead() {
    GatewayConfig config =
        GatewayConfigCodec.fromYaml(
            """
            version: toolgate.dev/gateway-config/v1
            auth:
              issuer: https://idp.example.com
              jwksUri: https://idp.example.com/jwks
              audience: https://toolgate.example.com/mcp
              algorithms: [RS256]
            """);

    assertThat(config.auth().trustedIssuers())
        .containsExactly(
            new IssuerConfig(
                "https://idp.example.com", "https://idp.example.com/jwks", List.of("RS256"), null));
    assertThat(config.auth().maxTokenLifetimeOrDefault()).hasMinutes(15);
    assertThat(config.auth().groupsClaimOrDefault()).isEqualTo("groups");
    assertThat(config.auth().clockSkewOrDefault()).hasSeconds(30);
  }

  @Test
  void emptyConfigWritesOnlyItsVersion() {
    assertThat(GatewayConfigCodec.toYaml(GatewayConfig.empty()))
        .isEqualTo("version: toolgate.dev/gateway-config/v1\n");
  }

  @Test
  void readerIgnoresFieldsAddedByANewerWriter() {
    String newer =
        """
        version: toolgate.dev/gateway-config/v1
        addedLater: {anything: true}
        upstreams:
        - id: tools/billing
          url: http://billing:8080/mcp
          passthroughPath: /mcp/tools/tools/billing
          toolPrefix: billing
          shinyNewField: 3
        """;

    GatewayConfig config = GatewayConfigCodec.fromYaml(newer);

    assertThat(config.upstreams())
        .singleElement()
        .satisfies(u -> assertThat(u.id()).isEqualTo("tools/billing"));
    assertThat(config.upstreams().getFirst().tools()).isEmpty();
  }

  @Test
  void rejectsMalformedYamlNamingTheLine() {
    assertThatThrownBy(() -> GatewayConfigCodec.fromYaml("version: x\nupstreams: [\n  - id: {\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gateway config is not valid")
        .hasMessageContaining("line");
  }

  @Test
  void rejectsWrongTypes() {
    assertThatThrownBy(() -> GatewayConfigCodec.fromYaml("upstreams: 5\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gateway config is not valid");
  }

  @Test
  void rejectsEmptyText() {
    assertThatThrownBy(() -> GatewayConfigCodec.fromYaml("  \n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gateway config is empty");
  }

  @Test
  void hashIsStableAndChangesWithContent() {
    String yaml = GatewayConfigCodec.toYaml(sample());

    assertThat(GatewayConfigCodec.hash(yaml))
        .isEqualTo(GatewayConfigCodec.hash(yaml))
        .matches("sha256:[0-9a-f]{16}");
    assertThat(GatewayConfigCodec.hash(yaml + " ")).isNotEqualTo(GatewayConfigCodec.hash(yaml));
  }
}
