package dev.toolgate.api.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.api.ToolgateNames;
import dev.toolgate.api.config.ToolSchema;
import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.api.v1alpha1.ExposedTool;
import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.api.v1alpha1.McpToolStatus;
import dev.toolgate.api.v1alpha1.ToolPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaPinsTest {

  private static final String A = "sha256:" + "a".repeat(64);
  private static final String B = "sha256:" + "b".repeat(64);
  private static final String C = "sha256:" + "c".repeat(64);

  private static McpTool billing(ToolPolicy... tools) {
    return Resources.remote("tools", "billing", "https://billing.example/mcp", tools);
  }

  private static ExposedTool seen(String name, String hash, String pinned) {
    ExposedTool tool = new ExposedTool(name, "billing." + name, null);
    tool.setSchemaHash(hash);
    tool.setPinnedSchemaHash(pinned);
    return tool;
  }

  private static void status(McpTool tool, ExposedTool... tools) {
    McpToolStatus status = new McpToolStatus();
    status.setTools(List.of(tools));
    tool.setStatus(status);
  }

  private static ToolPolicy pinnedTo(String name, String hash) {
    ToolPolicy policy = Resources.policy(name);
    policy.setSchemaHash(hash);
    return policy;
  }

  @Test
  void unpinnedToolsHaveNoPinButTheirRecordedHashReachesTheConfig() {
    McpTool tool = billing(Resources.policy("get_invoice"));
    status(tool, seen("get_invoice", A, null));

    assertThat(SchemaPins.of(tool).pin("get_invoice", null, A)).isNull();
    assertThat(SchemaPins.of(tool).schemas())
        .containsExactly(new ToolSchema("get_invoice", null, A));
  }

  @Test
  void pinSchemasPinsTheFirstHashSeenAndKeepsItWhenTheToolChanges() {
    McpTool tool = billing(Resources.policy("get_invoice"));
    tool.getSpec().setPinSchemas(true);
    SchemaPins pins = SchemaPins.of(tool);

    assertThat(pins.pin("get_invoice", null, null)).as("nothing seen yet").isNull();
    assertThat(pins.pin("get_invoice", null, A)).isEqualTo(A);
    assertThat(pins.pin("get_invoice", A, B)).isEqualTo(A);
    status(tool, seen("get_invoice", B, A));
    assertThat(SchemaPins.of(tool).schemas()).containsExactly(new ToolSchema("get_invoice", A, B));
  }

  @Test
  void theSpecsHashWinsOverEverythingAndNeedsNoStatus() {
    McpTool tool = billing(pinnedTo("get_invoice", C));
    tool.getSpec().setPinSchemas(true);

    assertThat(SchemaPins.of(tool).pin("get_invoice", A, B)).isEqualTo(C);
    assertThat(SchemaPins.of(tool).schemas())
        .containsExactly(new ToolSchema("get_invoice", C, null));
  }

  @Test
  void theAnnotationApprovesExactlyTheHashItNames() {
    McpTool tool = billing(Resources.policy("get_invoice"), Resources.policy("refund"));
    tool.getSpec().setPinSchemas(true);
    tool.getMetadata()
        .setAnnotations(
            Map.of(ToolgateNames.APPROVE_SCHEMAS_ANNOTATION, "get_invoice=" + B + ", other=" + C));

    SchemaPins pins = SchemaPins.of(tool);
    assertThat(pins.pin("get_invoice", A, B)).isEqualTo(B);
    assertThat(pins.pin("refund", A, B)).isEqualTo(A);
    assertThat(pins.problems()).isEmpty();
  }

  @Test
  void anAnnotationApprovesNothingWithoutPinSchemas() {
    McpTool tool = billing(Resources.policy("get_invoice"));
    tool.getMetadata()
        .setAnnotations(Map.of(ToolgateNames.APPROVE_SCHEMAS_ANNOTATION, "get_invoice=" + B));

    assertThat(SchemaPins.of(tool).pin("get_invoice", null, A)).isNull();
  }

  @Test
  void malformedApprovalsAreReportedAsViolations() {
    McpTool tool = billing(Resources.policy("get_invoice"));
    tool.getSpec().setPinSchemas(true);
    tool.getMetadata()
        .setAnnotations(
            Map.of(ToolgateNames.APPROVE_SCHEMAS_ANNOTATION, "get_invoice=sha256:short"));

    assertThat(SchemaPins.of(tool).problems())
        .singleElement()
        .asString()
        .contains("get_invoice=sha256:short");
    CompileResult result =
        GatewayConfigCompiler.compile(List.of(tool), List.of(), CompilerSettings.defaults());
    assertThat(result.violations())
        .anySatisfy(v -> assertThat(v.field()).contains(ToolgateNames.APPROVE_SCHEMAS_ANNOTATION));
  }

  @Test
  void theCompilerPutsPinsAndRecordedHashesIntoTheUpstream() {
    McpTool tool = billing(pinnedTo("get_invoice", A));
    status(tool, seen("get_invoice", B, A), seen("found_by_expose_all", C, null));

    UpstreamConfig upstream =
        GatewayConfigCompiler.compile(List.of(tool), List.of(), CompilerSettings.defaults())
            .config()
            .upstreams()
            .getFirst();
    assertThat(upstream.schemas())
        .containsExactly(
            new ToolSchema("found_by_expose_all", null, C), new ToolSchema("get_invoice", A, B));
  }
}
