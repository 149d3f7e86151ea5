package dev.toolgate.operator.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.api.compiler.CompilerSettings;
import dev.toolgate.api.compiler.GatewayConfigCompiler;
import dev.toolgate.api.compiler.ResourceRef;
import dev.toolgate.api.v1alpha1.McpScope;
import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.operator.Fixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingStateTest {

  private static final McpScope SCOPE =
      Fixtures.scope(
          """
      apiVersion: toolgate.dev/v1alpha1
      kind: McpScope
      metadata: {name: read, namespace: tools}
      spec: {scope: docs.read, tools: [docs/search]}
      """);

  private static RoutingSnapshot compile(List<McpTool> tools, List<McpScope> scopes) {
    return RoutingSnapshot.of(
        tools, scopes, GatewayConfigCompiler.compile(tools, scopes, CompilerSettings.defaults()));
  }

  @Test
  void splitsACompileByResource() {
    McpTool docs = Fixtures.tool(Fixtures.REMOTE);
    RoutingSnapshot snapshot = compile(List.of(docs), List.of(SCOPE));
    ToolRoute route = snapshot.tools().get(ResourceRef.of(docs));
    assertThat(route.generation()).isEqualTo(1L);
    assertThat(route.upstream().id()).isEqualTo("tools/docs");
    assertThat(route.violations()).isEmpty();
    assertThat(snapshot.scopes().get(ResourceRef.of(SCOPE)).scope().tools())
        .containsExactly("docs.search");
  }

  @Test
  void wakesOnlyTheResourcesWhoseVerdictChanged() {
    RoutingState state = new RoutingState();
    List<ResourceRef> tools = new ArrayList<>();
    List<ResourceRef> scopes = new ArrayList<>();
    state.onToolChange(tools::add);
    state.onScopeChange(scopes::add);
    McpTool docs = Fixtures.tool(Fixtures.REMOTE);
    McpTool billing = Fixtures.tool(Fixtures.BILLING);

    state.publish(compile(List.of(billing), List.of(SCOPE)));
    assertThat(tools).containsExactly(ResourceRef.of(billing));
    assertThat(scopes).containsExactly(ResourceRef.of(SCOPE));

    tools.clear();
    scopes.clear();
    // docs appears: the scope now resolves; billing's verdict is the same and it is left alone.
    state.publish(compile(List.of(billing, docs), List.of(SCOPE)));
    assertThat(tools).containsExactly(ResourceRef.of(docs));
    assertThat(scopes).containsExactly(ResourceRef.of(SCOPE));

    tools.clear();
    scopes.clear();
    state.publish(compile(List.of(billing, docs), List.of(SCOPE)));
    assertThat(tools).isEmpty();
    assertThat(scopes).isEmpty();
    assertThat(state.tool(ResourceRef.of(docs))).isPresent();
  }

  @Test
  void aNewGenerationIsANewVerdict() {
    RoutingState state = new RoutingState();
    List<ResourceRef> woken = new ArrayList<>();
    state.onToolChange(woken::add);
    McpTool docs = Fixtures.tool(Fixtures.REMOTE);
    state.publish(compile(List.of(docs), List.of()));
    woken.clear();
    docs.getMetadata().setGeneration(2L);
    state.publish(compile(List.of(docs), List.of()));
    assertThat(woken).containsExactly(ResourceRef.of(docs));
  }

  @Test
  void aCompileForAnMcpGatewayCreatedAgainWakesEveryResource() {
    RoutingState state = new RoutingState();
    List<ResourceRef> tools = new ArrayList<>();
    List<ResourceRef> scopes = new ArrayList<>();
    state.onToolChange(tools::add);
    state.onScopeChange(scopes::add);
    McpTool docs = Fixtures.tool(Fixtures.REMOTE);
    var result =
        GatewayConfigCompiler.compile(List.of(docs), List.of(SCOPE), CompilerSettings.defaults());
    state.publish(
        RoutingSnapshot.builder("uid-1", result, u -> null)
            .compiled(List.of(docs), List.of(SCOPE))
            .build());
    tools.clear();
    scopes.clear();

    state.publish(
        RoutingSnapshot.builder("uid-2", result, u -> null)
            .compiled(List.of(docs), List.of(SCOPE))
            .build());

    assertThat(tools).containsExactly(ResourceRef.of(docs));
    assertThat(scopes).containsExactly(ResourceRef.of(SCOPE));
    assertThat(state.tool(ResourceRef.of(docs), "uid-1")).isEmpty();
    assertThat(state.tool(ResourceRef.of(docs), "uid-2")).isPresent();
  }
}
