package dev.toolgate.operator.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.api.compiler.CompilerSettings;
import dev.toolgate.api.compiler.GatewayConfigCompiler;
import dev.toolgate.api.config.GatewayConfig;
import dev.toolgate.api.config.GatewayConfigCodec;
import dev.toolgate.api.config.ToolSchema;
import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.api.v1alpha1.GatewayReport;
import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.api.v1alpha1.ReportedSchema;
import dev.toolgate.api.v1alpha1.UpstreamProblem;
import dev.toolgate.operator.Fixtures;
import dev.toolgate.operator.routing.GatewayVerdict.Kind;
import dev.toolgate.operator.routing.GatewayVerdict.NameCollision;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayDeliveryTest {

  private final CompileHistory history = new CompileHistory();

  private static McpTool remote(String name) {
    return Fixtures.tool(
        Fixtures.REMOTE
            .replace("name: docs", "name: " + name)
            .replace("mcp.docs.example.com", name + ".example.com"));
  }

  private String compile(McpTool... tools) {
    GatewayConfig config =
        GatewayConfigCompiler.compile(List.of(tools), List.of(), CompilerSettings.defaults())
            .config();
    String hash = GatewayConfigCodec.hash(GatewayConfigCodec.toYaml(config));
    history.record(hash, config);
    return hash;
  }

  private static UpstreamConfig route(McpTool tool) {
    return GatewayConfigCompiler.compile(List.of(tool), List.of(), CompilerSettings.defaults())
        .config()
        .upstream(tool.getMetadata().getNamespace() + "/" + tool.getMetadata().getName())
        .orElseThrow();
  }

  private static GatewayReport loaded(String hash) {
    GatewayReport report = new GatewayReport();
    report.setLoadedConfigHash(hash);
    report.setConditions(
        List.of(
            new ConditionBuilder()
                .withType("ConfigLoaded")
                .withStatus("True")
                .withReason("Loaded")
                .build()));
    return report;
  }

  private static GatewayReport rejected(String loaded, String rejected, String message) {
    GatewayReport report = new GatewayReport();
    report.setLoadedConfigHash(loaded);
    report.setRejectedConfigHash(rejected);
    report.setConditions(
        List.of(
            new ConditionBuilder()
                .withType("ConfigLoaded")
                .withStatus("False")
                .withReason("ConfigRejected")
                .withMessage(message)
                .build()));
    return report;
  }

  @Test
  void aRouteInTheLoadedConfigIsServed() {
    McpTool docs = remote("docs");
    String hash = compile(docs);

    GatewayVerdict verdict = new GatewayDelivery(hash, history, loaded(hash)).verdict(route(docs));

    assertThat(verdict.kind()).isEqualTo(Kind.SERVED);
    assertThat(verdict.loadedHash()).isEqualTo(hash);
  }

  @Test
  void anUnchangedRouteStaysServedWhileTheGatewayCatchesUpWithAnotherToolsChange() {
    McpTool docs = remote("docs");
    String first = compile(docs);
    String second = compile(docs, remote("wiki"));

    GatewayDelivery delivery = new GatewayDelivery(second, history, loaded(first));

    assertThat(delivery.verdict(route(docs)).kind()).isEqualTo(Kind.SERVED);
    assertThat(delivery.verdict(route(remote("wiki"))).kind()).isEqualTo(Kind.AWAITING);
  }

  @Test
  void aChangedRouteAwaitsTheGatewayUntilItLoadsTheNewConfig() {
    McpTool docs = remote("docs");
    String first = compile(docs);
    McpTool changed = remote("docs");
    changed.getSpec().setTimeout("10s");
    String second = compile(changed);

    GatewayVerdict waiting =
        new GatewayDelivery(second, history, loaded(first)).verdict(route(changed));
    GatewayVerdict served =
        new GatewayDelivery(second, history, loaded(second)).verdict(route(changed));

    assertThat(waiting.kind()).isEqualTo(Kind.AWAITING);
    assertThat(waiting.compiledHash()).isEqualTo(second);
    assertThat(waiting.loadedHash()).isEqualTo(first);
    assertThat(served.kind()).isEqualTo(Kind.SERVED);
  }

  @Test
  void beforeTheGatewayReportsAnythingEveryRouteAwaitsIt() {
    McpTool docs = remote("docs");
    String hash = compile(docs);

    assertThat(new GatewayDelivery(hash, history, null).verdict(route(docs)).kind())
        .isEqualTo(Kind.AWAITING);
  }

  @Test
  void aRouteOnlyInARejectedConfigIsRejectedWithTheGatewaysMessage() {
    McpTool docs = remote("docs");
    String first = compile(docs);
    McpTool wiki = remote("wiki");
    String second = compile(docs, wiki);

    GatewayDelivery delivery =
        new GatewayDelivery(second, history, rejected(first, second, "upstreams[1].url: bad"));

    GatewayVerdict verdict = delivery.verdict(route(wiki));
    assertThat(verdict.kind()).isEqualTo(Kind.REJECTED);
    assertThat(verdict.rejection()).isEqualTo("upstreams[1].url: bad");
    assertThat(delivery.verdict(route(docs)).kind())
        .as("the loaded config still serves the unchanged route")
        .isEqualTo(Kind.SERVED);
  }

  @Test
  void aCollisionTheGatewayReportsForThisUpstreamIsNameTaken() {
    McpTool docs = remote("docs");
    String hash = compile(docs, remote("wiki"));
    GatewayReport report = loaded(hash);
    report.setUpstreamProblems(
        List.of(
            new UpstreamProblem(
                "tools/docs", "find", "docs.find", "NameTaken", "tools/wiki", "taken"),
            new UpstreamProblem("tools/other", "x", "o.x", "NameTaken", "tools/wiki", "taken")));

    GatewayDelivery delivery = new GatewayDelivery(hash, history, report);

    GatewayVerdict verdict = delivery.verdict(route(docs));
    assertThat(verdict.kind()).isEqualTo(Kind.NAME_TAKEN);
    assertThat(verdict.served()).isTrue();
    assertThat(verdict.collisions())
        .containsExactly(new NameCollision("find", "docs.find", "tools/wiki"));
    assertThat(delivery.verdict(route(remote("wiki"))).kind()).isEqualTo(Kind.SERVED);
  }

  @Test
  void theHistoryForgetsTheOldestConfigs() {
    McpTool docs = remote("docs");
    String first = compile(docs);
    for (int i = 0; i < CompileHistory.KEPT; i++) {
      compile(docs, remote("t" + i));
    }
    assertThat(history.held(first, route(docs))).isFalse();
  }

  @Test
  void recordingAToolsDefinitionKeepsTheRouteServedButANewPinWaitsForTheGateway() {
    String a = "sha256:" + "a".repeat(64);
    String b = "sha256:" + "b".repeat(64);
    String before = compile(remote("docs"));
    UpstreamConfig recorded =
        route(remote("docs")).withSchemas(List.of(new ToolSchema("search", null, a)));
    UpstreamConfig pinned =
        route(remote("docs")).withSchemas(List.of(new ToolSchema("search", b, a)));
    GatewayReport report = loaded(before);
    ReportedSchema sighting = new ReportedSchema("tools/docs", "search", a);
    report.setToolSchemas(List.of(sighting));

    GatewayVerdict verdict = new GatewayDelivery("sha256:new", history, report).verdict(recorded);
    assertThat(verdict.kind()).isEqualTo(Kind.SERVED);
    assertThat(verdict.schemas()).containsExactly(new GatewayVerdict.SchemaSighting("search", a));
    assertThat(new GatewayDelivery("sha256:new", history, report).verdict(pinned).kind())
        .isEqualTo(Kind.AWAITING);
  }
}
