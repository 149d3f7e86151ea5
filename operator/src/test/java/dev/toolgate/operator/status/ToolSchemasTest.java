package dev.toolgate.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.api.ToolgateNames;
import dev.toolgate.api.compiler.CompileResult;
import dev.toolgate.api.compiler.CompilerSettings;
import dev.toolgate.api.compiler.GatewayConfigCompiler;
import dev.toolgate.api.compiler.ResourceRef;
import dev.toolgate.api.v1alpha1.ExposedTool;
import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.api.v1alpha1.McpToolStatus;
import dev.toolgate.operator.Fixtures;
import dev.toolgate.operator.routing.GatewayVerdict;
import dev.toolgate.operator.routing.GatewayVerdict.SchemaSighting;
import dev.toolgate.operator.routing.ToolRoute;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** status.tools and SchemasApproved, from what the gateway reports of the tools' definitions. */
class ToolSchemasTest {

  private static final Clock T0 =
      Clock.fixed(Instant.parse("2026-01-01T10:00:00Z"), ZoneOffset.UTC);
  private static final Clock T1 = Clock.offset(T0, Duration.ofHours(1));
  private static final String A = "sha256:" + "a".repeat(64);
  private static final String B = "sha256:" + "b".repeat(64);

  private static final String PINNED =
      """
      apiVersion: toolgate.dev/v1alpha1
      kind: McpTool
      metadata: {name: docs, namespace: tools, generation: 1}
      spec:
        remote: {url: "https://mcp.docs.example.com/mcp"}
        pinSchemas: true
        tools: [{name: search}, {name: fetch}]
      """;

  /** Computes the status with the gateway reporting these definitions, and keeps it. */
  private static McpToolStatus report(McpTool tool, Clock clock, SchemaSighting... seen) {
    CompileResult result =
        GatewayConfigCompiler.compile(List.of(tool), List.of(), CompilerSettings.defaults());
    ResourceRef ref = ResourceRef.of(tool);
    ToolRoute route =
        new ToolRoute(
            1L,
            result.config().upstream(ref.id()).orElseThrow(),
            result.violationsFor(ref),
            new GatewayVerdict(
                GatewayVerdict.Kind.SERVED,
                "sha256:c2",
                "sha256:c2",
                null,
                List.of(),
                List.of(seen)),
            null);
    McpToolStatus status =
        new ToolStatusCalculator(clock)
            .compute(
                new ToolObservation(
                    tool, List.of(), Optional.empty(), Optional.of(route), List.of(), "x"));
    tool.setStatus(status);
    return status;
  }

  private static ExposedTool entry(McpToolStatus status, String name) {
    return status.getTools().stream()
        .filter(t -> t.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static Condition condition(McpToolStatus status, String type) {
    return status.getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElse(null);
  }

  @Test
  void theFirstDefinitionIsRecordedWithItsTimeAndPinnedAndKeptWhenNotReportedAgain() {
    McpTool tool = Fixtures.tool(PINNED);
    McpToolStatus first = report(tool, T0, new SchemaSighting("search", A));

    assertThat(entry(first, "search"))
        .satisfies(
            t -> {
              assertThat(t.getSchemaHash()).isEqualTo(A);
              assertThat(t.getPinnedSchemaHash()).isEqualTo(A);
              assertThat(t.getFirstSeen()).isEqualTo("2026-01-01T10:00:00Z");
              assertThat(t.getExposedName()).isEqualTo("docs.search");
            });
    assertThat(entry(first, "fetch").getSchemaHash()).as("not reported yet").isNull();
    assertThat(condition(first, "SchemasApproved").getStatus()).isEqualTo("True");

    // The next config records the hash, so the gateway no longer reports it: nothing changes.
    McpToolStatus second = report(tool, T1);
    assertThat(second.getTools()).usingRecursiveComparison().isEqualTo(first.getTools());
  }

  @Test
  void aChangedDefinitionOfAPinnedToolIsDriftNamingTheToolBothHashesAndTheApproval() {
    McpTool tool = Fixtures.tool(PINNED);
    report(tool, T0, new SchemaSighting("search", A), new SchemaSighting("fetch", A));
    McpToolStatus drifted = report(tool, T1, new SchemaSighting("search", B));

    assertThat(entry(drifted, "search"))
        .satisfies(
            t -> {
              assertThat(t.getSchemaHash()).isEqualTo(B);
              assertThat(t.getPinnedSchemaHash()).isEqualTo(A);
              assertThat(t.getFirstSeen()).isEqualTo("2026-01-01T11:00:00Z");
            });
    Condition condition = condition(drifted, "SchemasApproved");
    assertThat(condition.getStatus()).isEqualTo("False");
    assertThat(condition.getReason()).isEqualTo("SchemaDrift");
    assertThat(condition.getMessage())
        .contains("tool search", A, B)
        .contains("kubectl annotate mcptool docs toolgate.dev/approve-schemas=search=" + B)
        .doesNotContain("tool fetch");
    assertThat(condition(drifted, "Ready").getReason()).isEqualTo("SchemaDrift");

    tool.getMetadata()
        .setAnnotations(Map.of(ToolgateNames.APPROVE_SCHEMAS_ANNOTATION, "search=" + B));
    McpToolStatus approved = report(tool, T1);
    assertThat(entry(approved, "search").getPinnedSchemaHash()).isEqualTo(B);
    assertThat(condition(approved, "SchemasApproved").getStatus()).isEqualTo("True");
  }

  @Test
  void aPinInTheSpecIsApprovedByChangingThatField() {
    McpTool tool =
        Fixtures.tool(
            """
            apiVersion: toolgate.dev/v1alpha1
            kind: McpTool
            metadata: {name: docs, namespace: tools, generation: 1}
            spec:
              remote: {url: "https://mcp.docs.example.com/mcp"}
              tools: [{name: search, schemaHash: "%s"}]
            """
                .formatted(A));
    McpToolStatus drifted = report(tool, T0, new SchemaSighting("search", B));

    assertThat(entry(drifted, "search").getPinnedSchemaHash()).isEqualTo(A);
    assertThat(condition(drifted, "SchemasApproved").getMessage())
        .contains("set spec.tools[search].schemaHash to " + B);
  }

  @Test
  void unpinnedToolsShowTheirHashesWithoutACondition() {
    McpTool tool = Fixtures.tool(Fixtures.REMOTE);
    McpToolStatus status = report(tool, T0, new SchemaSighting("search", A));

    assertThat(entry(status, "search").getSchemaHash()).isEqualTo(A);
    assertThat(entry(status, "search").getPinnedSchemaHash()).isNull();
    assertThat(condition(status, "SchemasApproved")).isNull();
  }

  @Test
  void aToolTheServerNoLongerListsLosesItsHashAndAnExposeAllToolItsEntry() {
    McpTool tool =
        Fixtures.tool(
            Fixtures.REMOTE.replace(
                "tools: [{name: search}]", "exposeAll: true\n  tools: [{name: search}]"));
    report(tool, T0, new SchemaSighting("search", A), new SchemaSighting("extra", A));
    assertThat(entry(tool.getStatus(), "extra").getExposedName()).isEqualTo("docs.extra");

    McpToolStatus gone =
        report(tool, T1, new SchemaSighting("search", null), new SchemaSighting("extra", null));
    assertThat(gone.getTools()).extracting(ExposedTool::getName).containsExactly("search");
    assertThat(entry(gone, "search").getSchemaHash()).isNull();
  }
}
