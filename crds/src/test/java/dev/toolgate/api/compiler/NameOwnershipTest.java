package dev.toolgate.api.compiler;

import static dev.toolgate.api.compiler.Resources.created;
import static dev.toolgate.api.compiler.Resources.policy;
import static dev.toolgate.api.compiler.Resources.scope;
import static dev.toolgate.api.compiler.Resources.worker;
import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.api.config.GatewayConfigCodec;
import dev.toolgate.api.config.GatewayConfigValidator;
import dev.toolgate.api.config.ScopeConfig;
import dev.toolgate.api.config.ToolConfig;
import dev.toolgate.api.config.UpstreamAddressPolicy;
import dev.toolgate.api.v1alpha1.McpScope;
import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.api.v1alpha1.ToolPolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Names are owned: the oldest claimant keeps a prefix, exposed name or scope string. */
class NameOwnershipTest {

  private static final String OLD = "2026-01-01T00:00:00Z";
  private static final String NEW = "2026-06-01T00:00:00Z";

  private static CompileResult compile(List<McpTool> tools, List<McpScope> scopes) {
    CompileResult result =
        GatewayConfigCompiler.compile(tools, scopes, CompilerSettings.defaults());
    assertThat(
            GatewayConfigValidator.validate(
                result.config(), UpstreamAddressPolicy.strict("cluster.local")))
        .isEmpty();
    return result;
  }

  private static List<Violation> nameTaken(CompileResult result, String namespace, String name) {
    return result.violations().stream()
        .filter(v -> v.resource().namespace().equals(namespace))
        .filter(v -> v.resource().name().equals(name))
        .filter(v -> Violation.NAME_TAKEN.equals(v.reason()))
        .toList();
  }

  private static ToolPolicy scoped(String name, String... scopes) {
    ToolPolicy policy = policy(name);
    policy.setScopes(List.of(scopes));
    return policy;
  }

  @Test
  void theOlderMcpToolKeepsItsPrefixEvenWhenTheSquatterSortsFirstByName() {
    // "aaa" sorts before "zzz": by namespace/name alone the squatter would win.
    McpTool owner = created(worker("zzz", "billing", policy("get_invoice")), OLD);
    McpTool squatter = created(worker("aaa", "billing", policy("get_invoice")), NEW);

    for (List<McpTool> order : List.of(List.of(owner, squatter), List.of(squatter, owner))) {
      CompileResult result = compile(order, List.of());

      assertThat(result.config().upstream("zzz/billing")).isPresent();
      assertThat(result.config().upstream("aaa/billing")).isEmpty();
      assertThat(nameTaken(result, "aaa", "billing"))
          .singleElement()
          .satisfies(
              v -> {
                assertThat(v.field()).isEqualTo("metadata.name");
                assertThat(v.message()).contains("McpTool zzz/billing");
              });
      assertThat(result.violationsFor(new ResourceRef("McpTool", "zzz", "billing"))).isEmpty();
    }
  }

  @Test
  void anExplicitToolPrefixCannotTakeAnotherMcpToolsDefaultPrefix() {
    McpTool owner = created(worker("ns-a", "billing", policy("get_invoice")), OLD);
    McpTool squatter = created(worker("ns-b", "invoices", policy("get_invoice")), NEW);
    squatter.getSpec().setToolPrefix("billing");

    CompileResult result = compile(List.of(squatter, owner), List.of());

    assertThat(result.config().upstream("ns-b/invoices")).isEmpty();
    assertThat(nameTaken(result, "ns-b", "invoices"))
        .singleElement()
        .satisfies(v -> assertThat(v.field()).isEqualTo("spec.toolPrefix"));
  }

  @Test
  void aPrefixDifferingOnlyInCaseIsTaken() {
    McpTool owner = created(worker("ns-a", "billing", policy("get_invoice")), OLD);
    McpTool squatter = created(worker("ns-b", "x", policy("get_invoice")), NEW);
    squatter.getSpec().setToolPrefix("Billing");

    CompileResult result = compile(List.of(owner, squatter), List.of());

    assertThat(result.config().upstream("ns-b/x")).isEmpty();
    assertThat(nameTaken(result, "ns-b", "x")).hasSize(1);
  }

  @Test
  void aDottedPrefixThatWouldCollideWithExposedNamesIsRefused() {
    // billing + tool "x.y" is exposed as billing.x.y; prefix "billing.x" + tool "y" would be too.
    McpTool owner = created(worker("ns-a", "billing", policy("x.y")), OLD);
    McpTool squatter = created(worker("ns-b", "other", policy("y")), NEW);
    squatter.getSpec().setToolPrefix("billing.x");

    CompileResult result = compile(List.of(owner, squatter), List.of());

    assertThat(result.config().upstream("ns-a/billing").orElseThrow().tools())
        .extracting(ToolConfig::exposedName)
        .containsExactly("billing.x.y");
    assertThat(result.config().upstream("ns-b/other")).isEmpty();
  }

  @Test
  void anMcpToolRefusedForItsPrefixClaimsNoScopeString() {
    McpTool owner = created(worker("ns-a", "fin", policy("get_invoice")), "2025-12-01T00:00:00Z");
    McpTool squatter = created(worker("ns-b", "billing", scoped("x", "team:admin")), OLD);
    squatter.getSpec().setToolPrefix("fin");
    McpTool admin = created(worker("ns-c", "admin", policy("y")), NEW);
    McpScope admins = created(scope("ns-c", "admins", "team:admin", "admin/y"), NEW);

    CompileResult result = compile(List.of(squatter, owner, admin), List.of(admins));

    assertThat(result.config().upstream("ns-b/billing")).isEmpty();
    assertThat(result.config().scopes())
        .singleElement()
        .satisfies(s -> assertThat(s.source()).isEqualTo("ns-c/admins"));
    assertThat(result.violationsFor(new ResourceRef("McpScope", "ns-c", "admins"))).isEmpty();
  }

  @Test
  void anMcpScopeInAnotherNamespaceCannotSquatAScopeString() {
    McpTool owner = created(worker("ns-a", "billing", policy("get_invoice")), OLD);
    McpScope ownerScope =
        created(scope("ns-a", "readers", "billing:read", "billing/get_invoice"), OLD);
    McpTool squatterTool = created(worker("ns-b", "evil", policy("steal")), NEW);
    McpScope squatterScope = created(scope("ns-b", "readers", "billing:read", "evil/steal"), NEW);

    for (int round = 0; round < 2; round++) {
      List<McpScope> scopes = new ArrayList<>(List.of(ownerScope, squatterScope));
      if (round == 1) {
        Collections.reverse(scopes);
      }
      CompileResult result = compile(List.of(squatterTool, owner), scopes);

      assertThat(result.config().scopes())
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.source()).isEqualTo("ns-a/readers");
                assertThat(s.tools()).containsExactly("billing.get_invoice");
              });
      assertThat(nameTaken(result, "ns-b", "readers"))
          .singleElement()
          .satisfies(
              v -> {
                assertThat(v.field()).isEqualTo("spec.scope");
                assertThat(v.message()).contains("billing:read", "McpScope ns-a/readers");
              });
    }
  }

  @Test
  void anOlderSquatterScopeKeepsItsStringAndTheNewerClaimantIsRefused() {
    McpScope first = created(scope("ns-b", "s", "shared:read", "tool-b/x"), OLD);
    McpScope later = created(scope("ns-a", "s", "shared:read", "tool-a/x"), NEW);
    McpTool toolA = created(worker("ns-a", "tool-a", policy("x")), OLD);
    McpTool toolB = created(worker("ns-b", "tool-b", policy("x")), OLD);

    CompileResult result = compile(List.of(toolA, toolB), List.of(later, first));

    assertThat(result.config().scopes()).extracting(ScopeConfig::source).containsExactly("ns-b/s");
    assertThat(nameTaken(result, "ns-a", "s")).hasSize(1);
  }

  @Test
  void aToolCannotListAScopeStringOwnedInAnotherNamespace() {
    McpTool owner = created(worker("ns-a", "billing", policy("get_invoice")), OLD);
    McpScope readers =
        created(scope("ns-a", "readers", "billing:read", "billing/get_invoice"), OLD);
    McpTool squatter =
        created(worker("ns-b", "evil", scoped("steal", "billing:read"), policy("ok")), NEW);

    CompileResult result = compile(List.of(owner, squatter), List.of(readers));

    assertThat(result.config().upstream("ns-b/evil").orElseThrow().tools())
        .extracting(ToolConfig::name)
        .containsExactly("ok");
    assertThat(nameTaken(result, "ns-b", "evil"))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.field()).isEqualTo("spec.tools[steal].scopes");
              assertThat(v.message()).contains("billing:read", "ns-a");
            });
  }

  @Test
  void scopeStringsUnderAnOwnedPrefixBelongToThePrefixOwnersNamespace() {
    McpTool owner = created(worker("ns-a", "billing", policy("get_invoice")), OLD);
    McpTool evil = created(worker("ns-b", "evil", policy("steal")), NEW);
    McpScope squat = created(scope("ns-b", "s", "billing.refund", "evil/steal"), NEW);

    CompileResult result = compile(List.of(owner, evil), List.of(squat));

    assertThat(result.config().scopes()).isEmpty();
    assertThat(nameTaken(result, "ns-b", "s"))
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains("McpTool ns-a/billing"));
  }

  @Test
  void resourcesOfOneNamespaceShareAScopeString() {
    McpTool billing =
        created(worker("tools", "billing", scoped("get_invoice", "billing.read")), OLD);
    McpScope readers =
        created(scope("tools", "billing-read", "billing.read", "billing/get_invoice"), NEW);

    CompileResult result = compile(List.of(billing), List.of(readers));

    assertThat(result.isClean()).isTrue();
    assertThat(result.config().scopes()).hasSize(1);
  }

  @Test
  void theOlderOfTwoMcpScopesInOneNamespaceDeclaresTheString() {
    McpTool billing = created(worker("tools", "billing", policy("a"), policy("b")), OLD);
    McpScope older = created(scope("tools", "zz", "shared", "billing/b"), OLD);
    McpScope newer = created(scope("tools", "aa", "shared", "billing/a"), NEW);

    CompileResult result = compile(List.of(billing), List.of(newer, older));

    assertThat(result.config().scopes())
        .singleElement()
        .satisfies(s -> assertThat(s.source()).isEqualTo("tools/zz"));
    assertThat(nameTaken(result, "tools", "aa"))
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains("McpScope tools/zz"));
  }

  @Test
  void anOwnerWithABrokenSpecKeepsItsPrefix() {
    McpTool owner = created(worker("ns-a", "billing", policy("get_invoice")), OLD);
    owner.getSpec().setRemote(new dev.toolgate.api.v1alpha1.RemoteServer());
    McpTool squatter = created(worker("ns-b", "billing", policy("get_invoice")), NEW);

    CompileResult result = compile(List.of(owner, squatter), List.of());

    assertThat(result.config().upstreams()).isEmpty();
    assertThat(nameTaken(result, "ns-b", "billing")).hasSize(1);
  }

  @Test
  void withoutCreationTimestampsNamespaceAndNameDecideAndTimestampedResourcesComeFirst() {
    McpTool untimed = worker("aaa", "billing", policy("x"));
    McpTool timed = created(worker("zzz", "billing", policy("x")), NEW);

    CompileResult result = compile(List.of(untimed, timed), List.of());

    assertThat(result.config().upstream("zzz/billing")).isPresent();
    assertThat(result.config().upstream("aaa/billing")).isEmpty();
  }

  @Test
  void claimOrderGivesByteIdenticalYamlInAnyInputOrder() {
    List<McpTool> tools = new ArrayList<>();
    List<McpScope> scopes = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String at = "2026-01-%02dT00:00:00Z".formatted(28 - i);
      McpTool tool = created(worker("ns" + (i % 4), "t" + i, policy("a"), policy("b")), at);
      tool.getSpec().setToolPrefix("p" + (i % 5));
      tools.add(tool);
      scopes.add(created(scope("ns" + (i % 4), "s" + i, "shared" + (i % 3), "t" + i + "/a"), at));
    }
    CompileResult first = compile(tools, scopes);
    String expected = GatewayConfigCodec.toYaml(first.config());
    assertThat(first.violations()).isNotEmpty();

    Random random = new Random(7);
    for (int round = 0; round < 5; round++) {
      Collections.shuffle(tools, random);
      Collections.shuffle(scopes, random);
      CompileResult again = compile(tools, scopes);
      assertThat(GatewayConfigCodec.toYaml(again.config())).isEqualTo(expected);
      assertThat(again.violations()).containsExactlyElementsOf(first.violations());
    }
  }
}
