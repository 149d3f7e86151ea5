package dev.toolgate.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayConfigValidatorTest {

  private static final UpstreamAddressPolicy STRICT = UpstreamAddressPolicy.strict("cluster.local");

  private static UpstreamConfig upstream(String id, String url, ToolConfig... tools) {
    return new UpstreamConfig(
        id,
        url,
        "/mcp/tools/" + id,
        id.substring(id.indexOf('/') + 1),
        null,
        "30s",
        List.of(tools),
        null);
  }

  private static ToolConfig tool(String name, String exposed) {
    return new ToolConfig(name, exposed, List.of(exposed), null, null, null, null, null);
  }

  /** Structure only: the dev policy lets any http(s) URL through. */
  private static List<String> validate(GatewayConfig config) {
    return GatewayConfigValidator.validate(config, UpstreamAddressPolicy.permissive());
  }

  private static GatewayConfig config(List<UpstreamConfig> upstreams, List<ScopeConfig> scopes) {
    return new GatewayConfig(GatewayConfig.CURRENT_VERSION, null, upstreams, scopes);
  }

  @Test
  void acceptsAWellFormedConfig() {
    assertThat(validate(GatewayConfigCodecTest.sample())).isEmpty();
    assertThat(validate(GatewayConfig.empty())).isEmpty();
    assertThat(GatewayConfigValidator.validate(GatewayConfigCodecTest.sample(), STRICT)).isEmpty();
  }

  @Test
  void rejectsUnknownVersion() {
    GatewayConfig config = new GatewayConfig("toolgate.dev/gateway-config/v9", null, null, null);

    assertThat(validate(config)).singleElement().asString().startsWith("version:");
  }

  @Test
  void rejectsDuplicateUpstreamsAndExposedNames() {
    GatewayConfig config =
        config(
            List.of(
                upstream("a/x", "http://x:8080/mcp", tool("t", "x.t")),
                upstream("a/x", "http://x:8080/mcp", tool("t", "x.t"))),
            List.of());

    assertThat(validate(config))
        .containsExactly(
            "upstreams[a/x].id: duplicate",
            "upstreams[a/x].passthroughPath: duplicate /mcp/tools/a/x",
            "upstreams[a/x].tools[t].exposedName: duplicate x.t");
  }

  @Test
  void rejectsSchemaHashesTheGatewayCouldNeverMatch() {
    String good = "sha256:" + "0".repeat(64);
    UpstreamConfig pinned =
        upstream("a/x", "http://x:8080/mcp")
            .withSchemas(
                List.of(
                    new ToolSchema("ok", good, good),
                    new ToolSchema("t", "sha256:ABC", null),
                    new ToolSchema(null, null, good)));

    assertThat(validate(config(List.of(pinned), List.of())))
        .containsExactly(
            "upstreams[a/x].schemas[t]: 'sha256:ABC' is not sha256:<64 hex digits>",
            "upstreams[a/x].schemas[null].name: required");
  }

  @Test
  void rejectsBadUrlIdAndDurations() {
    UpstreamConfig bad =
        new UpstreamConfig("noslash", "http://x/mcp", "/p", "x", null, null, List.of(), null);
    UpstreamConfig badUrl =
        new UpstreamConfig("a/b", "file:///etc/passwd", "/p2", "b", null, "soon", List.of(), null);

    assertThat(validate(config(List.of(bad, badUrl), List.of())))
        .containsExactly(
            "upstreams[noslash].id: expected <namespace>/<name>",
            "upstreams[a/b].url: expected an http(s) URL, got file:///etc/passwd",
            "upstreams[a/b].timeout: invalid duration soon");
  }

  @Test
  void rejectsBadRateLimit() {
    ToolConfig tool =
        new ToolConfig(
            "t",
            "x.t",
            List.of("x.t"),
            new RateLimitConfig(0, "1m", "everyone"),
            new CacheConfig("1m"),
            null,
            null,
            null);

    assertThat(validate(config(List.of(upstream("a/x", "http://x/mcp", tool)), List.of())))
        .containsExactly(
            "upstreams[a/x].tools[t].rateLimit.requests: must be at least 1",
            "upstreams[a/x].tools[t].rateLimit.per: expected caller or tool, got everyone");
  }

  @Test
  void rejectsBadLoopDetectionBudgetAndFingerprint() {
    ToolConfig tool =
        new ToolConfig(
            "t",
            "x.t",
            List.of("x.t"),
            null,
            null,
            null,
            null,
            null,
            new LoopDetectionConfig(-1, "soon"));
    UpstreamConfig upstream =
        new UpstreamConfig(
            "a/x",
            "http://x/mcp",
            "/mcp/tools/a/x",
            "x",
            null,
            "30s",
            List.of(tool),
            new RedactionConfig(
                List.of(), List.of(), List.of(new SecretFingerprint(3, "x", null, "k"))));
    ScopeConfig scope =
        new ScopeConfig("s", "a/s", List.of("x.t"), null, null, null, new BudgetConfig(0, null));

    assertThat(validate(config(List.of(upstream), List.of(scope))))
        .containsExactly(
            "upstreams[a/x].tools[t].loopDetection.maxRepeats: must not be negative",
            "upstreams[a/x].tools[t].loopDetection.window: invalid duration soon",
            "upstreams[a/x].redaction.fingerprints.length: must be at least 8",
            "upstreams[a/x].redaction.fingerprints.window: expected a number",
            "upstreams[a/x].redaction.fingerprints.digest: required",
            "scopes[s].budget.units: must be at least 1",
            "scopes[s].budget.period: required");
  }

  @Test
  void rejectsScopeForUnknownToolAndOverlongTokenLifetime() {
    ScopeConfig scope = new ScopeConfig("s", "a/s", List.of("nope.t"), null, "20m", null);

    assertThat(
            validate(
                config(List.of(upstream("a/x", "http://x/mcp", tool("t", "x.t"))), List.of(scope))))
        .containsExactly(
            "scopes[s].tools: grants unknown tool nope.t",
            "scopes[s].maxTokenLifetime: 20m is above the 15m limit");
  }

  private static GatewayConfig withAuth(AuthConfig auth) {
    return new GatewayConfig(GatewayConfig.CURRENT_VERSION, auth, List.of(), List.of());
  }

  private static IssuerConfig issuer(String url, String... algorithms) {
    return new IssuerConfig(url, null, List.of(algorithms), null);
  }

  @Test
  void authNeedsAnAudienceAndAtLeastOneIssuer() {
    assertThat(validate(withAuth(AuthConfig.of(null, List.of()))))
        .containsExactly(
            "auth.audience: required, the gateway's canonical URL such as"
                + " https://mcp.example.com/mcp",
            "auth.issuers: at least one trusted issuer is required");
  }

  @Test
  void issuersAndTheAudienceMustUseHttpsExceptOnLoopback() {
    AuthConfig auth =
        AuthConfig.of(
            "http://mcp.example.com/mcp",
            List.of(
                issuer("http://idp.example.com"),
                issuer("http://127.0.0.1:8099"),
                issuer("http://localhost:8099/realms/x"),
                new IssuerConfig("https://idp2.example.com", "http://keys.example.com", null, null),
                issuer("https://idp3.example.com#frag")));

    assertThat(validate(withAuth(auth)))
        .containsExactly(
            "auth.audience: must use https (plain http only on loopback), got"
                + " http://mcp.example.com/mcp",
            "auth.issuers[http://idp.example.com].issuer: must use https (plain http only on"
                + " loopback), got http://idp.example.com",
            "auth.issuers[https://idp2.example.com].jwksUri: must use https (plain http only on"
                + " loopback), got http://keys.example.com",
            "auth.issuers[https://idp3.example.com#frag].issuer: must not have a fragment");
  }

  @Test
  void onlyAsymmetricSignatureAlgorithmsAreAccepted() {
    AuthConfig auth =
        AuthConfig.of(
            "https://mcp.example.com/mcp",
            List.of(
                issuer("https://a.example.com", "none"),
                issuer("https://b.example.com", "HS256"),
                issuer(
                    "https://c.example.com",
                    "RS256",
                    "RS384",
                    "RS512",
                    "PS256",
                    "PS384",
                    "PS512",
                    "ES256",
                    "ES384",
                    "EdDSA")));

    assertThat(validate(withAuth(auth)))
        .hasSize(2)
        .allSatisfy(p -> assertThat(p).contains(".algorithms: ").contains("is not accepted"))
        .anySatisfy(p -> assertThat(p).startsWith("auth.issuers[https://a.example.com]"))
        .anySatisfy(p -> assertThat(p).startsWith("auth.issuers[https://b.example.com]"));
  }

  @Test
  void rejectsDuplicateIssuersUnknownKindsAndBadLifetimes() {
    AuthConfig auth =
        new AuthConfig(
            "https://a.example.com",
            null,
            "https://mcp.example.com",
            null,
            "16m",
            List.of(
                issuer("https://a.example.com"),
                new IssuerConfig("https://k.example.com", null, null, "spiffe")),
            " ",
            "6m");

    assertThat(validate(withAuth(auth)))
        .containsExactly(
            "auth.maxTokenLifetime: 16m is above the 15m limit",
            "auth.clockSkew: 6m is above the 5m limit",
            "auth.groupsClaim: must not be blank",
            "auth.issuers[https://k.example.com].kind: expected kubernetes or none, got spiffe",
            "auth.issuers[https://a.example.com].issuer: duplicate");
  }

  @Test
  void anIssuersOwnAudiencesMustBeNonEmptyAndFew() {
    AuthConfig auth =
        AuthConfig.of(
            "https://mcp.example.com/mcp",
            List.of(
                new IssuerConfig(
                    "https://login.example.com",
                    null,
                    null,
                    null,
                    null,
                    null,
                    List.of("5d1f0c3e-7b0a-4c43-9d6e-2f3a1b4c5d6e", " "))));

    assertThat(validate(withAuth(auth)))
        .containsExactly(
            "auth.issuers[https://login.example.com].audiences: each must be a non-empty value"
                + " of at most 256 chars");
  }

  @Test
  void aTokenFileIsOnlyForTheClustersIssuerAndOnlyWithItsOwnCertificateAuthority() {
    AuthConfig auth =
        AuthConfig.of(
            "https://mcp.example.com/mcp",
            List.of(
                new IssuerConfig(
                    "https://kubernetes.default.svc.cluster.local",
                    null,
                    null,
                    IssuerConfig.KIND_KUBERNETES,
                    IssuerConfig.POD_CA_FILE,
                    IssuerConfig.POD_TOKEN_FILE),
                new IssuerConfig(
                    "https://idp.example.com", null, null, null, "/etc/ca.pem", "/etc/token"),
                new IssuerConfig(
                    "https://oidc.example.com",
                    null,
                    null,
                    IssuerConfig.KIND_KUBERNETES,
                    null,
                    "relative/token")));

    assertThat(validate(withAuth(auth)))
        .containsExactly(
            "auth.issuers[https://idp.example.com].tokenFile: only for kind kubernetes issuers",
            "auth.issuers[https://oidc.example.com].tokenFile: expected an absolute path, got"
                + " 'relative/token'",
            "auth.issuers[https://oidc.example.com].tokenFile: needs caFile, so the token goes"
                + " only to servers with a certificate from that authority");
  }

  @Test
  void aConfigFromTheClusterMaySendOnlyThePodsOwnTokenCheckedWithThePodsAuthority() {
    IssuerConfig elsewhere =
        new IssuerConfig(
            "https://kubernetes.default.svc.cluster.local",
            "https://keys.attacker.example/jwks",
            null,
            IssuerConfig.KIND_KUBERNETES,
            "/etc/ssl/certs/ca-certificates.crt",
            IssuerConfig.POD_TOKEN_FILE);
    GatewayConfig config =
        withAuth(AuthConfig.of("https://mcp.example.com/mcp", List.of(elsewhere)));

    assertThat(validate(config)).as("a dev-mode file").isEmpty();
    assertThat(GatewayConfigValidator.validate(config, STRICT))
        .containsExactly(
            "auth.issuers[https://kubernetes.default.svc.cluster.local].tokenFile: in a config"
                + " from the cluster only /var/run/secrets/kubernetes.io/serviceaccount/token with"
                + " caFile /var/run/secrets/kubernetes.io/serviceaccount/ca.crt");
  }

  @Test
  void scopesReservedForTheGatewayCannotBeDeclaredByToolsOrMcpScopes() {
    ToolConfig reserved =
        new ToolConfig(
            "t", "x.t", List.of("toolgate:passthrough:a/x"), null, null, null, null, null);
    ScopeConfig scope =
        new ScopeConfig("Toolgate:anything", "a/s", List.of("x.t"), null, null, null);

    assertThat(validate(config(List.of(upstream("a/x", "http://x/mcp", reserved)), List.of(scope))))
        .containsExactly(
            "upstreams[a/x].tools[t].scopes: scopes starting with toolgate: are reserved for the"
                + " gateway's own scopes",
            "scopes[Toolgate:anything].scope: scopes starting with toolgate: are reserved for the"
                + " gateway's own scopes");
  }

  @Test
  void passthroughScopesDefaultToOnePerMcpTool() {
    assertThat(upstream("a/x", "http://x/mcp").passthroughScopesOrDefault())
        .containsExactly("toolgate:passthrough:a/x");
  }

  @Test
  void rejectsInvalidRedactionPattern() {
    UpstreamConfig upstream =
        new UpstreamConfig(
            "a/x",
            "http://x/mcp",
            "/p",
            "x",
            null,
            null,
            List.of(),
            new RedactionConfig(List.of("(x"), null));

    assertThat(validate(config(List.of(upstream), List.of())))
        .singleElement()
        .asString()
        .startsWith("upstreams[a/x].redaction.patterns: invalid regular expression (x");
  }

  @Test
  void inAClusterAWorkerIdMustPointAtItsOwnService() {
    UpstreamConfig forged =
        upstream("tenant-b/tool", "http://billing.tenant-a.svc.cluster.local:8080/mcp");

    assertThat(GatewayConfigValidator.validate(config(List.of(forged), List.of()), STRICT))
        .singleElement()
        .asString()
        .startsWith("upstreams[tenant-b/tool].url: a worker is reached only at its own Service")
        .contains("http://tool.tenant-b.svc.cluster.local:8080");
  }

  @Test
  void inAClusterARemoteUpstreamMayNotPointAtTheMetadataService() {
    UpstreamConfig remote =
        new UpstreamConfig(
            "a/x",
            "http://[::ffff:169.254.169.254]/latest",
            "/mcp/tools/a/x",
            "x",
            null,
            null,
            List.of(),
            null,
            true);

    assertThat(GatewayConfigValidator.validate(config(List.of(remote), List.of()), STRICT))
        .singleElement()
        .asString()
        .contains("upstreams[a/x].url:", "cloud metadata");
  }

  @Test
  void devModeAcceptsLoopbackWorkersWithAnyId() {
    UpstreamConfig local = upstream("examples/conformance", "http://127.0.0.1:9101/mcp");

    assertThat(validate(config(List.of(local), List.of()))).isEmpty();
    assertThat(GatewayConfigValidator.validate(config(List.of(local), List.of()), STRICT))
        .hasSize(1);
  }

  @Test
  void rejectsADottedToolPrefix() {
    UpstreamConfig dotted =
        new UpstreamConfig("a/x", "http://x/mcp", "/p", "billing.x", null, null, List.of(), null);

    assertThat(validate(config(List.of(dotted), List.of())))
        .containsExactly(
            "upstreams[a/x].toolPrefix: must not contain '.', it separates prefix and tool");
  }
}
