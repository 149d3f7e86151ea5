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
