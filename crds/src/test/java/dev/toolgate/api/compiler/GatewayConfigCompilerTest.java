package dev.toolgate.api.compiler;

import static dev.toolgate.api.compiler.Resources.cached;
import static dev.toolgate.api.compiler.Resources.limited;
import static dev.toolgate.api.compiler.Resources.policy;
import static dev.toolgate.api.compiler.Resources.remote;
import static dev.toolgate.api.compiler.Resources.scope;
import static dev.toolgate.api.compiler.Resources.worker;
import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.api.config.AuditConfig;
import dev.toolgate.api.config.BudgetConfig;
import dev.toolgate.api.config.CacheConfig;
import dev.toolgate.api.config.GatewayConfigCodec;
import dev.toolgate.api.config.GatewayConfigValidator;
import dev.toolgate.api.config.LoopDetectionConfig;
import dev.toolgate.api.config.ToolConfig;
import dev.toolgate.api.config.UpstreamAddressPolicy;
import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.api.v1alpha1.AuditPolicy;
import dev.toolgate.api.v1alpha1.Budget;
import dev.toolgate.api.v1alpha1.LoopDetection;
import dev.toolgate.api.v1alpha1.McpScope;
import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.api.v1alpha1.McpToolSpec;
import dev.toolgate.api.v1alpha1.Redaction;
import dev.toolgate.api.v1alpha1.ToolPolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GatewayConfigCompilerTest {

  private static CompileResult compile(List<McpTool> tools, List<McpScope> scopes) {
    CompileResult result =
        GatewayConfigCompiler.compile(tools, scopes, CompilerSettings.defaults());
    assertThat(
            GatewayConfigValidator.validate(
                result.config(), UpstreamAddressPolicy.strict("cluster.local")))
        .as("the compiler only emits configs the gateway accepts in a cluster")
        .isEmpty();
    return result;
  }

  private static UpstreamConfig upstream(CompileResult result, String id) {
    return result.config().upstream(id).orElseThrow();
  }

  private static ToolConfig tool(CompileResult result, String id, String name) {
    return upstream(result, id).tool(name).orElseThrow();
  }

  @Test
  void compilesWorkerIntoUpstreamAtItsServiceUrl() {
    CompileResult result =
        compile(List.of(worker("tools", "billing", policy("get_invoice"))), List.of());

    assertThat(result.isClean()).isTrue();
    UpstreamConfig billing = upstream(result, "tools/billing");
    assertThat(billing.url()).isEqualTo("http://billing.tools.svc.cluster.local:8080/mcp");
    assertThat(billing.passthroughPath()).isEqualTo("/mcp/tools/tools/billing");
    assertThat(billing.timeout()).isEqualTo("30s");
    assertThat(billing.tools())
        .containsExactly(
            new ToolConfig(
                "get_invoice",
                "billing.get_invoice",
                List.of("billing.get_invoice"),
                null,
                null,
                null,
                null,
                null));
  }

  @Test
  void eachUpstreamCarriesItsPassthroughScopeSoMetadataCanNameIt() {
    CompileResult result =
        compile(List.of(worker("tools", "billing", policy("get_invoice"))), List.of());

    assertThat(upstream(result, "tools/billing").passthroughScopes())
        .containsExactly("toolgate:passthrough:tools/billing");
  }

  @Test
  void scopesReservedForTheGatewayAreRefusedInToolsAndMcpScopes() {
    var policy = policy("get_invoice");
    policy.setScopes(List.of("toolgate:passthrough:tools/other"));
    CompileResult result =
        compile(
            List.of(worker("tools", "billing", policy, policy("refund"))),
            List.of(scope("tools", "sneaky", "toolgate:passthrough:tools/billing", "billing/*")));

    assertThat(upstream(result, "tools/billing").tool("get_invoice")).isEmpty();
    assertThat(result.config().scopes()).isEmpty();
    assertThat(result.violations())
        .extracting(v -> v.message())
        .anySatisfy(m -> assertThat(m).contains("reserved for the gateway's own scopes"))
        .filteredOn(m -> m.contains("reserved"))
        .hasSize(2);
  }

  @Test
  void workerUrlFollowsPortPathAndClusterDomain() {
    McpTool tool = worker("tools", "billing", policy("get_invoice"));
    tool.getSpec().setPort(9000);
    tool.getSpec().setPath("/rpc");

    CompileResult result =
        GatewayConfigCompiler.compile(
            List.of(tool), List.of(), new CompilerSettings("corp.internal", null));

    assertThat(upstream(result, "tools/billing").url())
        .isEqualTo("http://billing.tools.svc.corp.internal:9000/rpc");
  }

  @Test
  void compilesRemoteServerAtItsOwnUrl() {
    CompileResult result =
        compile(
            List.of(remote("tools", "search", "https://mcp.example.com/mcp", policy("query"))),
            List.of());

    assertThat(upstream(result, "tools/search").url()).isEqualTo("https://mcp.example.com/mcp");
  }

  @Test
  void toolPrefixNamesExposedToolsAndDefaultScopes() {
    McpTool tool = worker("tools", "billing", policy("get_invoice"));
    tool.getSpec().setToolPrefix("fin");

    ToolConfig compiled = tool(compile(List.of(tool), List.of()), "tools/billing", "get_invoice");

    assertThat(compiled.exposedName()).isEqualTo("fin.get_invoice");
    assertThat(compiled.scopes()).containsExactly("fin.get_invoice");
  }

  @Test
  void explicitScopesReplaceTheDefaultScope() {
    var policy = policy("get_invoice");
    policy.setScopes(List.of("invoices:read", "billing:admin"));

    ToolConfig compiled =
        tool(
            compile(List.of(worker("tools", "billing", policy)), List.of()),
            "tools/billing",
            "get_invoice");

    assertThat(compiled.scopes()).containsExactly("billing:admin", "invoices:read");
  }

  @Test
  void sameResourcesInAnyOrderGiveByteIdenticalYaml() {
    List<McpTool> tools = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      tools.add(
          worker("ns" + (i % 3), "tool" + i, policy("b"), policy("a"), cached("c", "1m", true)));
    }
    List<McpScope> scopes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      scopes.add(scope("ns" + (i % 3), "scope" + i, "s" + i, "tool" + i + "/a", "tool" + i + "/c"));
    }
    String expected = GatewayConfigCodec.toYaml(compile(tools, scopes).config());

    Random random = new Random(42);
    for (int round = 0; round < 5; round++) {
      Collections.shuffle(tools, random);
      Collections.shuffle(scopes, random);
      assertThat(GatewayConfigCodec.toYaml(compile(tools, scopes).config())).isEqualTo(expected);
    }
  }

  @Test
  void reportsToolWithBothImageAndRemoteAndLeavesItOut() {
    McpTool tool = remote("tools", "both", "https://x.example/mcp", policy("a"));
    tool.getSpec().setImage("img:1");

    CompileResult result = compile(List.of(tool), List.of());

    assertThat(result.config().upstreams()).isEmpty();
    assertThat(result.violations())
        .containsExactly(
            new Violation(
                new ResourceRef("McpTool", "tools", "both"),
                "spec",
                "set exactly one of image or remote"));
  }

  @Test
  void reportsToolWithNeitherImageNorRemote() {
    CompileResult result =
        compile(List.of(Resources.tool("tools", "empty", new McpToolSpec())), List.of());

    assertThat(result.config().upstreams()).isEmpty();
    assertThat(result.violations()).extracting(Violation::field).containsExactly("spec");
  }

  @Test
  void reportsMissingSpec() {
    CompileResult result = compile(List.of(Resources.tool("tools", "nospec", null)), List.of());

    assertThat(result.violations()).extracting(Violation::field).containsExactly("spec");
  }

  @Test
  void reportsRemoteUrlThatIsNotHttp() {
    CompileResult result =
        compile(List.of(remote("tools", "ftp", "ftp://files.example", policy("a"))), List.of());

    assertThat(result.config().upstreams()).isEmpty();
    assertThat(result.violations()).extracting(Violation::field).containsExactly("spec.remote.url");
  }

  @Test
  void aPrefixTakenByAnotherMcpToolLeavesTheLaterOneOutWhole() {
    McpTool first = worker("a", "billing", policy("get_invoice"));
    McpTool second = worker("b", "billing", policy("get_invoice"), policy("refund"));

    CompileResult result = compile(List.of(second, first), List.of());

    assertThat(upstream(result, "a/billing").tools())
        .extracting(ToolConfig::name)
        .containsExactly("get_invoice");
    assertThat(result.config().upstream("b/billing")).isEmpty();
    Violation violation = result.violations().getFirst();
    assertThat(result.violations()).hasSize(1);
    assertThat(violation.resource()).isEqualTo(new ResourceRef("McpTool", "b", "billing"));
    assertThat(violation.field()).isEqualTo("metadata.name");
    assertThat(violation.reason()).isEqualTo(Violation.NAME_TAKEN);
    assertThat(violation.message()).contains("billing", "McpTool a/billing", "toolPrefix");
  }

  @Test
  void reportsToolListedTwiceAndKeepsTheFirstEntry() {
    CompileResult result =
        compile(
            List.of(worker("tools", "billing", cached("a", "1m", true), policy("a"))), List.of());

    assertThat(tool(result, "tools/billing", "a").cache()).isNotNull();
    assertThat(result.violations())
        .extracting(Violation::field)
        .containsExactly("spec.tools[a].name");
  }

  @Test
  void reportsInvalidToolNameAndLeavesTheToolOut() {
    CompileResult result =
        compile(List.of(worker("tools", "billing", policy("bad name!"), policy("ok"))), List.of());

    assertThat(upstream(result, "tools/billing").tools())
        .extracting(ToolConfig::name)
        .containsExactly("ok");
    assertThat(result.violations())
        .extracting(Violation::field)
        .containsExactly("spec.tools[bad name!].name");
  }

  @Test
  void keepsCacheOnToolNotDeclaredIdempotentForTheGatewayToDecideByTheServersHints() {
    CompileResult result =
        compile(List.of(worker("tools", "billing", cached("lookup", "5m", false))), List.of());

    ToolConfig compiled = tool(result, "tools/billing", "lookup");
    assertThat(compiled.cache().ttl()).isEqualTo("5m");
    assertThat(compiled.idempotent()).isNull();
    assertThat(result.violations()).isEmpty();
  }

  @Test
  void cachesToolDeclaredIdempotent() {
    ToolConfig compiled =
        tool(
            compile(
                List.of(worker("tools", "billing", cached("get_invoice", "5m", true))), List.of()),
            "tools/billing",
            "get_invoice");

    assertThat(compiled.cache().ttl()).isEqualTo("5m");
    assertThat(compiled.idempotent()).isTrue();
  }

  @Test
  void reportsInvalidCacheTtlAndExposesToolUncached() {
    CompileResult result =
        compile(List.of(worker("tools", "billing", cached("get_invoice", "0s", true))), List.of());

    assertThat(tool(result, "tools/billing", "get_invoice").cache()).isNull();
    assertThat(result.violations())
        .extracting(Violation::field)
        .containsExactly("spec.tools[get_invoice].cache.ttl");
  }

  @Test
  void compilesSharedCacheAndLoopDetection() {
    ToolPolicy lookup = cached("lookup", "5m", true);
    lookup.getCache().setShared(true);
    LoopDetection loops = new LoopDetection();
    loops.setMaxRepeats(5);
    loops.setWindow("2m");
    lookup.setLoopDetection(loops);

    ToolConfig compiled =
        tool(
            compile(List.of(worker("tools", "billing", lookup)), List.of()),
            "tools/billing",
            "lookup");

    assertThat(compiled.cache()).isEqualTo(new CacheConfig("5m", true));
    assertThat(compiled.loopDetection()).isEqualTo(new LoopDetectionConfig(5, "2m"));
  }

  @Test
  void compilesAToolsAuditSettingsAndLeavesOutAnAllFalseOne() {
    ToolPolicy refund = policy("refund");
    AuditPolicy audit = new AuditPolicy();
    audit.setSync(true);
    audit.setArguments(true);
    refund.setAudit(audit);
    ToolPolicy lookup = policy("lookup");
    AuditPolicy off = new AuditPolicy();
    off.setResult(false);
    lookup.setAudit(off);

    CompileResult result = compile(List.of(worker("tools", "billing", refund, lookup)), List.of());

    assertThat(tool(result, "tools/billing", "refund").audit())
        .isEqualTo(new AuditConfig(true, true, null));
    assertThat(tool(result, "tools/billing", "lookup").audit()).isNull();
    assertThat(GatewayConfigCodec.toYaml(result.config())).contains("sync: true");
  }

  @Test
  void reportsInvalidLoopWindowAndKeepsTheGatewaysDefault() {
    ToolPolicy lookup = policy("lookup");
    LoopDetection loops = new LoopDetection();
    loops.setWindow("0s");
    lookup.setLoopDetection(loops);

    CompileResult result = compile(List.of(worker("tools", "billing", lookup)), List.of());

    assertThat(tool(result, "tools/billing", "lookup").loopDetection()).isNull();
    assertThat(result.violations())
        .extracting(Violation::field)
        .containsExactly("spec.tools[lookup].loopDetection.window");
  }

  @Test
  void compilesScopeBudget() {
    McpScope scope = scope("tools", "readers", "billing:read", "billing/get_invoice");
    Budget budget = new Budget();
    budget.setUnits(1000);
    budget.setPeriod("24h");
    scope.getSpec().setBudget(budget);

    CompileResult result =
        compile(List.of(worker("tools", "billing", policy("get_invoice"))), List.of(scope));

    assertThat(result.config().scopes().getFirst().budget())
        .isEqualTo(new BudgetConfig(1000, "24h"));
    assertThat(result.violations()).isEmpty();
  }

  @Test
  void reportsUnusableBudgetAndDropsTheScope() {
    McpScope scope = scope("tools", "readers", "billing:read", "billing/get_invoice");
    Budget budget = new Budget();
    budget.setUnits(0);
    budget.setPeriod("24h");
    scope.getSpec().setBudget(budget);

    CompileResult result =
        compile(List.of(worker("tools", "billing", policy("get_invoice"))), List.of(scope));

    assertThat(result.config().scopes()).isEmpty();
    assertThat(result.violations())
        .extracting(Violation::field)
        .containsExactly("spec.budget.units");
  }

  @Test
  void compilesRateLimitWithDefaults() {
    ToolConfig compiled =
        tool(
            compile(List.of(worker("tools", "billing", limited("refund", 5, null))), List.of()),
            "tools/billing",
            "refund");

    assertThat(compiled.rateLimit().requests()).isEqualTo(5);
    assertThat(compiled.rateLimit().period()).isEqualTo("1m");
    assertThat(compiled.rateLimit().per()).isEqualTo("caller");
  }

  @Test
  void reportsUnusableRateLimitAndLeavesTheToolOut() {
    CompileResult result =
        compile(
            List.of(
                worker(
                    "tools", "billing", limited("zero", 0, "1m"), limited("badperiod", 5, "soon"))),
            List.of());

    assertThat(upstream(result, "tools/billing").tools()).isEmpty();
    assertThat(result.violations())
        .extracting(Violation::field)
        .containsExactly(
            "spec.tools[zero].rateLimit.requests", "spec.tools[badperiod].rateLimit.period");
  }

  @Test
  void reportsInvalidScopeTokenAndLeavesTheToolOut() {
    var policy = policy("get_invoice");
    policy.setScopes(List.of("has space"));

    CompileResult result = compile(List.of(worker("tools", "billing", policy)), List.of());

    assertThat(upstream(result, "tools/billing").tools()).isEmpty();
    assertThat(result.violations())
        .extracting(Violation::field)
        .containsExactly("spec.tools[get_invoice].scopes");
  }

  @Test
  void reportsNegativeCostAndInvalidTimeout() {
    var costly = policy("costly");
    costly.setCost(-1);
    var slow = policy("slow");
    slow.setTimeout("forever");

    CompileResult result = compile(List.of(worker("tools", "billing", costly, slow)), List.of());

    assertThat(upstream(result, "tools/billing").tools())
        .extracting(ToolConfig::name)
        .containsExactly("slow");
    assertThat(tool(result, "tools/billing", "slow").timeout()).isNull();
    assertThat(result.violations())
        .extracting(Violation::field)
        .containsExactly("spec.tools[costly].cost", "spec.tools[slow].timeout");
  }

  @Test
  void reportsUnusableToolPrefix() {
    McpTool tool = worker("tools", "billing", policy("a"));
    tool.getSpec().setToolPrefix("no.dots");

    CompileResult result = compile(List.of(tool), List.of());

    assertThat(result.config().upstreams()).isEmpty();
    assertThat(result.violations()).extracting(Violation::field).containsExactly("spec.toolPrefix");
  }

  @Test
  void reportsInvalidRedactionPatternAndDoesNotRouteTheTool() {
    McpTool tool = worker("tools", "billing", policy("a"));
    Redaction redact = new Redaction();
    redact.setPatterns(List.of("sk_live_[0-9a-z]+", "(unclosed"));
    tool.getSpec().setRedact(redact);

    CompileResult result = compile(List.of(tool), List.of());

    assertThat(result.config().upstreams()).isEmpty();
    assertThat(result.violations())
        .extracting(Violation::field)
        .containsExactly("spec.redact.patterns[1]");
  }

  @Test
  void compilesRedactionWithSecretRefsInTheToolsNamespace() {
    McpTool tool = worker("tools", "billing", policy("a"));
    Redaction redact = new Redaction();
    redact.setPatterns(List.of("sk_live_[0-9a-z]+"));
    redact.setSecretRefs(
        List.of(new io.fabric8.kubernetes.api.model.SecretKeySelector("token", "stripe", null)));
    tool.getSpec().setRedact(redact);

    UpstreamConfig billing = upstream(compile(List.of(tool), List.of()), "tools/billing");

    assertThat(billing.redaction().patterns()).containsExactly("sk_live_[0-9a-z]+");
    assertThat(billing.redaction().secretRefs())
        .containsExactly(
            new dev.toolgate.api.config.RedactionConfig.SecretRef("tools", "stripe", "token"));
  }

  @Test
  void mergesScopeGrantsIntoTheScopesOfEachTool() {
    CompileResult result =
        compile(
            List.of(worker("tools", "billing", policy("get_invoice"), policy("send_refund"))),
            List.of(scope("tools", "readers", "billing:read", "billing/get_invoice")));

    assertThat(result.isClean()).isTrue();
    assertThat(tool(result, "tools/billing", "get_invoice").scopes())
        .containsExactly("billing.get_invoice", "billing:read");
    assertThat(tool(result, "tools/billing", "send_refund").scopes())
        .as("a token that can read invoices cannot send refunds")
        .containsExactly("billing.send_refund");
    assertThat(result.config().scopes())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.scope()).isEqualTo("billing:read");
              assertThat(s.source()).isEqualTo("tools/readers");
              assertThat(s.tools()).containsExactly("billing.get_invoice");
            });
  }

  @Test
  void wildcardGrantsEveryListedToolOfTheMcpTool() {
    CompileResult result =
        compile(
            List.of(worker("tools", "billing", policy("b"), policy("a"))),
            List.of(scope("tools", "all", "billing:all", "billing/*")));

    assertThat(result.config().scopes().getFirst().tools())
        .containsExactly("billing.a", "billing.b");
  }

  @Test
  void reportsScopeGrantingMissingMcpToolAndDropsOnlyThatGrant() {
    CompileResult result =
        compile(
            List.of(worker("tools", "billing", policy("get_invoice"))),
            List.of(scope("tools", "mixed", "mixed", "billing/get_invoice", "payroll/run")));

    assertThat(result.config().scopes().getFirst().tools()).containsExactly("billing.get_invoice");
    assertThat(result.violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.resource()).isEqualTo(new ResourceRef("McpScope", "tools", "mixed"));
              assertThat(v.field()).isEqualTo("spec.tools[1]");
              assertThat(v.message()).contains("tools/payroll", "does not exist");
            });
  }

  @Test
  void scopeResolvesToolsOnlyInItsOwnNamespace() {
    CompileResult result =
        compile(
            List.of(worker("other", "billing", policy("get_invoice"))),
            List.of(scope("tools", "s", "s", "billing/get_invoice")));

    assertThat(result.config().scopes()).isEmpty();
    assertThat(result.violations())
        .extracting(Violation::field)
        .containsExactly("spec.tools[0]", "spec.tools");
  }

  @Test
  void reportsScopeGrantingToolTheMcpToolDoesNotList() {
    CompileResult result =
        compile(
            List.of(worker("tools", "billing", policy("get_invoice"))),
            List.of(scope("tools", "s", "s", "billing/send_refund")));

    assertThat(result.config().scopes()).isEmpty();
    assertThat(result.violations())
        .extracting(Violation::message)
        .anySatisfy(m -> assertThat(m).contains("does not expose tool send_refund"));
  }

  @Test
  void reportsTokenLifetimeAboveFifteenMinutesAndDropsTheScope() {
    McpScope scope = scope("tools", "long", "long", "billing/get_invoice");
    scope.getSpec().setMaxTokenLifetime("1h");

    CompileResult result =
        compile(List.of(worker("tools", "billing", policy("get_invoice"))), List.of(scope));

    assertThat(result.config().scopes()).isEmpty();
    assertThat(tool(result, "tools/billing", "get_invoice").scopes())
        .containsExactly("billing.get_invoice");
    assertThat(result.violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.field()).isEqualTo("spec.maxTokenLifetime");
              assertThat(v.message()).contains("15m");
            });
  }

  @Test
  void acceptsTokenLifetimeOfExactlyFifteenMinutes() {
    McpScope scope = scope("tools", "ok", "ok", "billing/get_invoice");
    scope.getSpec().setMaxTokenLifetime("15m");

    CompileResult result =
        compile(List.of(worker("tools", "billing", policy("get_invoice"))), List.of(scope));

    assertThat(result.isClean()).isTrue();
    assertThat(result.config().scopes().getFirst().maxTokenLifetime()).isEqualTo("15m");
  }

  @Test
  void reportsScopeStringDeclaredTwiceAndTheFirstKeepsIt() {
    CompileResult result =
        compile(
            List.of(worker("tools", "billing", policy("a"), policy("b"))),
            List.of(
                scope("tools", "zz", "shared", "billing/b"),
                scope("tools", "aa", "shared", "billing/a")));

    assertThat(result.config().scopes())
        .singleElement()
        .satisfies(s -> assertThat(s.source()).isEqualTo("tools/aa"));
    assertThat(result.violations())
        .singleElement()
        .satisfies(v -> assertThat(v.resource().name()).isEqualTo("zz"));
  }

  @Test
  void reportsInvalidScopeStringAndMissingScopeSpec() {
    McpScope noSpec = scope("tools", "nospec", "x");
    noSpec.setSpec(null);

    CompileResult result =
        compile(
            List.of(worker("tools", "billing", policy("a"))),
            List.of(scope("tools", "bad", "has space", "billing/a"), noSpec));

    assertThat(result.config().scopes()).isEmpty();
    assertThat(result.violations())
        .extracting(Violation::field)
        .containsExactly("spec.scope", "spec");
  }

  @Test
  void reportsMalformedToolReference() {
    CompileResult result =
        compile(
            List.of(worker("tools", "billing", policy("a"))),
            List.of(scope("tools", "s", "s", "billing")));

    assertThat(result.violations())
        .extracting(Violation::message)
        .first()
        .satisfies(m -> assertThat(m).contains("is not <mcptool>/<tool>"));
  }

  @Test
  void restrictsScopeToSubjectsAndDropsAnEmptyRestriction() {
    McpScope restricted = scope("tools", "r", "r", "billing/a");
    var subjects = new dev.toolgate.api.v1alpha1.Subjects();
    subjects.setGroups(List.of("finance", "audit"));
    subjects.setServiceAccounts(List.of("agents/invoice-bot", "Not Valid"));
    restricted.getSpec().setSubjects(subjects);
    McpScope open = scope("tools", "o", "o", "billing/a");
    open.getSpec().setSubjects(new dev.toolgate.api.v1alpha1.Subjects());

    CompileResult result =
        compile(List.of(worker("tools", "billing", policy("a"))), List.of(restricted, open));

    var byScope = result.config().scopes();
    assertThat(byScope.get(0).scope()).isEqualTo("o");
    assertThat(byScope.get(0).subjects()).isNull();
    assertThat(byScope.get(1).subjects().groups()).containsExactly("audit", "finance");
    assertThat(result.violations())
        .extracting(Violation::field)
        .containsExactly("spec.subjects.serviceAccounts");
  }

  @Test
  void scopeOfAnInvalidMcpToolGrantsNothing() {
    McpTool broken = worker("tools", "billing", policy("a"));
    broken.getSpec().setImage(null);

    CompileResult result = compile(List.of(broken), List.of(scope("tools", "s", "s", "billing/a")));

    assertThat(result.config().upstreams()).isEmpty();
    assertThat(result.config().scopes()).isEmpty();
    assertThat(result.violationsFor(new ResourceRef("McpScope", "tools", "s"))).hasSize(2);
  }
}
