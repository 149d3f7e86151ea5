package dev.toolgate.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.api.compiler.CompileResult;
import dev.toolgate.api.compiler.CompilerSettings;
import dev.toolgate.api.compiler.GatewayConfigCompiler;
import dev.toolgate.api.v1alpha1.McpScope;
import dev.toolgate.api.v1alpha1.McpScopeStatus;
import dev.toolgate.operator.Fixtures;
import dev.toolgate.operator.routing.RoutingSnapshot;
import dev.toolgate.operator.routing.ScopeGrant;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScopeStatusCalculatorTest {

  private final ScopeStatusCalculator calculator =
      new ScopeStatusCalculator(Clock.fixed(Instant.parse("2026-01-01T10:00:00Z"), ZoneOffset.UTC));

  private static McpScope scope(String grants) {
    return Fixtures.scope(
        """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpScope
        metadata: {name: read, namespace: tools}
        spec: {scope: docs.read, tools: [%s]}
        """
            .formatted(grants));
  }

  private static Optional<ScopeGrant> grant(McpScope scope) {
    var tools = List.of(Fixtures.tool(Fixtures.REMOTE));
    CompileResult result =
        GatewayConfigCompiler.compile(tools, List.of(scope), CompilerSettings.defaults());
    return Optional.of(
        RoutingSnapshot.of(tools, List.of(scope), result).scopes().values().iterator().next());
  }

  private static String condition(McpScopeStatus status, String type) {
    var c =
        status.getConditions().stream()
            .filter(x -> x.getType().equals(type))
            .findFirst()
            .orElseThrow();
    return c.getStatus() + "/" + c.getReason();
  }

  @Test
  void aScopeWhoseGrantsAllResolveIsInForce() {
    McpScope scope = scope("docs/search");
    McpScopeStatus status = calculator.compute(scope, grant(scope)).orElseThrow();
    assertThat(condition(status, "Ready")).isEqualTo("True/InForce");
    assertThat(condition(status, "PolicyValid")).isEqualTo("True/Valid");
    assertThat(status.getGrantedTools()).containsExactly("docs.search");
    assertThat(status.getObservedGeneration()).isEqualTo(1L);
  }

  @Test
  void aScopeThatGrantsOnlyMissingToolsIsNotInForce() {
    McpScope scope = scope("ghost/run");
    McpScopeStatus status = calculator.compute(scope, grant(scope)).orElseThrow();
    assertThat(condition(status, "Ready")).isEqualTo("False/NotInForce");
    assertThat(condition(status, "PolicyValid")).isEqualTo("False/NotInForce");
    assertThat(status.getGrantedTools()).isNull();
  }

  @Test
  void aScopeWithSomeMissingGrantsKeepsTheRest() {
    McpScope scope = scope("docs/search, docs/delete");
    McpScopeStatus status = calculator.compute(scope, grant(scope)).orElseThrow();
    assertThat(condition(status, "PolicyValid")).isEqualTo("False/InvalidGrant");
    assertThat(status.getGrantedTools()).containsExactly("docs.search");
  }

  @Test
  void beforeTheFirstCompileNothingIsWritten() {
    assertThat(calculator.compute(scope("docs/search"), Optional.empty())).isEmpty();
  }

  @Test
  void aScopeStringOwnedInAnotherNamespaceIsNotInForceAsNameTaken() {
    var tools = List.of(Fixtures.tool(Fixtures.REMOTE));
    McpScope owner = scope("docs/search");
    owner.getMetadata().setCreationTimestamp("2026-01-01T00:00:00Z");
    McpScope squatter =
        Fixtures.scope(
            """
            apiVersion: toolgate.dev/v1alpha1
            kind: McpScope
            metadata: {name: read, namespace: other, creationTimestamp: "2026-02-01T00:00:00Z"}
            spec: {scope: docs.read, tools: [docs/search]}
            """);
    CompileResult result =
        GatewayConfigCompiler.compile(tools, List.of(squatter, owner), CompilerSettings.defaults());
    ScopeGrant verdict =
        RoutingSnapshot.of(tools, List.of(owner, squatter), result)
            .scopes()
            .get(dev.toolgate.api.compiler.ResourceRef.of(squatter));

    McpScopeStatus status = calculator.compute(squatter, Optional.of(verdict)).orElseThrow();

    assertThat(condition(status, "PolicyValid")).isEqualTo("False/NameTaken");
    assertThat(condition(status, "Ready")).isEqualTo("False/NameTaken");
  }

  @Test
  void aScopeInANamespaceTheGatewayDoesNotServeIsNotInForceAndSaysWhy() {
    McpScope scope = scope("docs/search");
    McpScopeStatus status =
        calculator
            .compute(
                scope,
                Optional.of(
                    ScopeGrant.excluded(
                        1L,
                        dev.toolgate.operator.routing.Exclusion.namespaceNotServed(
                            "toolgate-system/toolgate", "tools"))))
            .orElseThrow();
    assertThat(condition(status, "Ready")).isEqualTo("False/NamespaceNotServed");
    assertThat(condition(status, "PolicyValid")).isEqualTo("Unknown/NamespaceNotServed");
    assertThat(status.getGrantedTools()).isNull();
  }
}
