package dev.toolgate.api.compiler;

import static dev.toolgate.api.compiler.Resources.created;
import static dev.toolgate.api.compiler.Resources.policy;
import static dev.toolgate.api.compiler.Resources.remote;
import static dev.toolgate.api.compiler.Resources.scope;
import static dev.toolgate.api.compiler.Resources.worker;
import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.api.config.GatewayConfigCodec;
import dev.toolgate.api.config.GatewayConfigValidator;
import dev.toolgate.api.config.UpstreamAddressPolicy;
import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.api.v1alpha1.McpScope;
import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.api.v1alpha1.ToolPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where remote servers may be, how long a call may take, and how large the config may grow. */
class BoundariesTest {

  private static CompileResult compile(
      List<McpTool> tools, List<McpScope> scopes, CompilerSettings settings) {
    CompileResult result = GatewayConfigCompiler.compile(tools, scopes, settings);
    assertThat(
            GatewayConfigValidator.validate(
                result.config(), UpstreamAddressPolicy.strict(settings.clusterDomain())))
        .isEmpty();
    return result;
  }

  private static CompileResult compile(List<McpTool> tools) {
    return compile(tools, List.of(), CompilerSettings.defaults());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:169.254.169.254]/",
        "http://2852039166/",
        "http://0xA9FEA9FE/",
        "http://0251.0376.0251.0376/",
        "http://good.example@169.254.169.254/",
        "http://metadata.google.internal/",
        "https://kubernetes.default.svc./",
        "https://KUBERNETES.DEFAULT.SVC.CLUSTER.LOCAL/",
        "http://billing.other-tenant.svc.cluster.local:8080/mcp",
        "http://127.0.0.1:8080/mcp",
        "http://localhost/mcp",
        "http://10.96.0.1/",
      })
  void aRemoteUrlIntoTheClusterOrCloudAccountIsRefusedAndTheToolIsNotRouted(String url) {
    CompileResult result = compile(List.of(remote("tools", "sneaky", url, policy("a"))));

    assertThat(result.config().upstreams()).isEmpty();
    assertThat(result.violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.field()).isEqualTo("spec.remote.url");
              assertThat(v.reason()).isEqualTo(Violation.UPSTREAM_NOT_ALLOWED);
              assertThat(v.message()).contains("not routed");
            });
  }

  @Test
  void anAllowListedRemoteIsRoutedAndMarkedRemote() {
    CompilerSettings settings =
        CompilerSettings.defaults()
            .withUpstreamAddresses(
                UpstreamAddressPolicy.strict(
                    "cluster.local",
                    UpstreamAddressPolicy.DEFAULT_SERVICE_CIDRS,
                    UpstreamAddressPolicy.DEFAULT_POD_CIDRS,
                    List.of("10.20.0.0/16")));
    McpTool tool = remote("tools", "internal", "http://10.20.0.5:8080/mcp", policy("a"));

    CompileResult result = GatewayConfigCompiler.compile(List.of(tool), List.of(), settings);

    assertThat(result.isClean()).isTrue();
    UpstreamConfig upstream = result.config().upstream("tools/internal").orElseThrow();
    assertThat(upstream.remote()).isTrue();
    String yaml = GatewayConfigCodec.toYaml(result.config());
    assertThat(yaml).contains("remote: true");
    assertThat(GatewayConfigCodec.fromYaml(yaml)).isEqualTo(result.config());
  }

  @Test
  void workersAreNotMarkedRemote() {
    CompileResult result = compile(List.of(worker("tools", "billing", policy("a"))));

    assertThat(result.config().upstream("tools/billing").orElseThrow().remote()).isNull();
    assertThat(GatewayConfigCodec.toYaml(result.config())).doesNotContain("remote");
  }

  @Test
  void aTimeoutAboveTheBoundIsReportedAndTheBoundApplies() {
    McpTool tool =
        worker("tools", "slow", policy("ok"), timed("long", "1h"), timed("short", "10s"));
    tool.getSpec().setTimeout("10m");

    CompileResult result = compile(List.of(tool));

    UpstreamConfig upstream = result.config().upstream("tools/slow").orElseThrow();
    assertThat(upstream.timeout()).isEqualTo("5m");
    assertThat(upstream.tool("long").orElseThrow().timeout()).isEqualTo("5m");
    assertThat(upstream.tool("short").orElseThrow().timeout()).isEqualTo("10s");
    assertThat(result.violations())
        .extracting(Violation::field, Violation::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("spec.timeout", Violation.TIMEOUT_ABOVE_LIMIT),
            org.assertj.core.groups.Tuple.tuple(
                "spec.tools[long].timeout", Violation.TIMEOUT_ABOVE_LIMIT));
    assertThat(result.violations().getFirst().message()).contains("10m", "5m applies");
  }

  @Test
  void aTimeoutOfExactlyTheBoundIsClean() {
    McpTool tool = worker("tools", "slow", timed("a", "5m"));
    tool.getSpec().setTimeout("300s");

    assertThat(compile(List.of(tool)).isClean()).isTrue();
  }

  @Test
  void aBoundBelowTheDefaultTimeoutAlsoCutsTheDefault() {
    CompileResult result =
        compile(
            List.of(worker("tools", "billing", policy("a"))),
            List.of(),
            CompilerSettings.defaults().withMaxTimeout(Duration.ofSeconds(10)));

    assertThat(result.config().upstream("tools/billing").orElseThrow().timeout()).isEqualTo("10s");
    assertThat(result.isClean()).isTrue();
  }

  private static ToolPolicy timed(String name, String timeout) {
    ToolPolicy policy = policy(name);
    policy.setTimeout(timeout);
    return policy;
  }

  /** An McpTool whose upstream takes a few hundred bytes of YAML. */
  private static McpTool sized(String namespace, String name, int day, int tools) {
    List<ToolPolicy> policies = new ArrayList<>();
    for (int i = 0; i < tools; i++) {
      policies.add(policy("tool_number_" + i));
    }
    return created(
        worker(namespace, name, policies.toArray(ToolPolicy[]::new)),
        "2026-01-%02dT00:00:00Z".formatted(day));
  }

  private static long yamlBytes(CompileResult result) {
    return GatewayConfigCodec.toYaml(result.config()).getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void aTenantOverItsBudgetLosesOnlyItsNewestEntries() {
    List<McpTool> tools = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      tools.add(sized("greedy", "g" + i, i, 10));
    }
    tools.add(sized("quiet", "q1", 20, 10));
    tools.add(sized("quiet", "q2", 21, 10));
    McpScope greedyScope =
        created(scope("greedy", "s", "greedy:all", "g1/*", "g8/*"), "2026-01-02T00:00:00Z");
    long oneTool =
        yamlBytes(
            compile(List.of(sized("x", "x1", 1, 10)), List.of(), CompilerSettings.defaults()));
    CompilerSettings settings =
        CompilerSettings.defaults().withBudget(new ConfigBudget(oneTool * 4, 100_000));

    CompileResult result = compile(tools, List.of(greedyScope), settings);

    assertThat(result.config().upstreams())
        .extracting(UpstreamConfig::id)
        .containsExactly("greedy/g1", "greedy/g2", "greedy/g3", "quiet/q1", "quiet/q2");
    assertThat(result.violations())
        .filteredOn(v -> Violation.CONFIG_BUDGET_EXCEEDED.equals(v.reason()))
        .extracting(v -> v.resource().name())
        .containsExactly("g8", "g7", "g6", "g5", "g4");
    assertThat(result.violations())
        .filteredOn(v -> Violation.CONFIG_BUDGET_EXCEEDED.equals(v.reason()))
        .allSatisfy(v -> assertThat(v.message()).contains("namespace greedy", "budget"));
    assertThat(result.violations()).noneMatch(v -> v.resource().namespace().equals("quiet"));
    // The scope keeps its grant on the surviving tool and loses the one on the dropped tool.
    assertThat(result.config().scopes().getFirst().tools()).allMatch(t -> t.startsWith("g1."));
  }

  @Test
  void theTotalBudgetDropsTheNewestEntriesOverall() {
    List<McpTool> tools = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      tools.add(sized("ns" + i, "t" + i, 10 - i, 10));
    }
    long oneTool =
        yamlBytes(
            compile(List.of(sized("x", "x1", 1, 10)), List.of(), CompilerSettings.defaults()));
    CompilerSettings settings =
        CompilerSettings.defaults().withBudget(new ConfigBudget(oneTool * 2, oneTool * 4));

    CompileResult result = compile(tools, List.of(), settings);

    // t6 is the oldest (day 4), t1 the newest (day 9).
    assertThat(result.config().upstreams())
        .extracting(UpstreamConfig::id)
        .containsExactly("ns3/t3", "ns4/t4", "ns5/t5", "ns6/t6");
    assertThat(result.violations())
        .extracting(v -> v.resource().name(), Violation::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("t1", Violation.CONFIG_BUDGET_EXCEEDED),
            org.assertj.core.groups.Tuple.tuple("t2", Violation.CONFIG_BUDGET_EXCEEDED));
    assertThat(yamlBytes(result)).isLessThanOrEqualTo(oneTool * 4);
  }

  @Test
  void anOverBudgetTenantsDroppedToolKeepsItsNames() {
    McpTool filler = sized("greedy", "filler", 1, 10);
    McpTool owner = sized("greedy", "billing", 2, 10);
    McpTool squatter = sized("other", "billing", 5, 10);
    long oneTool =
        yamlBytes(
            compile(List.of(sized("x", "x1", 1, 10)), List.of(), CompilerSettings.defaults()));
    CompilerSettings settings =
        CompilerSettings.defaults().withBudget(new ConfigBudget(oneTool * 3 / 2, 100_000));

    CompileResult result = compile(List.of(owner, filler, squatter), List.of(), settings);

    assertThat(result.config().upstreams())
        .extracting(UpstreamConfig::id)
        .containsExactly("greedy/filler");
  }

  @Test
  void budgetDropsAreTheSameInAnyInputOrder() {
    List<McpTool> tools = new ArrayList<>();
    for (int i = 1; i <= 9; i++) {
      tools.add(sized("ns" + (i % 3), "t" + i, (i * 7) % 10 + 1, 5 + i));
    }
    CompilerSettings settings =
        CompilerSettings.defaults().withBudget(new ConfigBudget(2500, 5000));
    CompileResult first = compile(tools, List.of(), settings);
    assertThat(first.violations()).isNotEmpty();

    Random random = new Random(3);
    for (int round = 0; round < 5; round++) {
      Collections.shuffle(tools, random);
      CompileResult again = compile(tools, List.of(), settings);
      assertThat(GatewayConfigCodec.toYaml(again.config()))
          .isEqualTo(GatewayConfigCodec.toYaml(first.config()));
      assertThat(again.violations()).containsExactlyElementsOf(first.violations());
    }
  }

  @Test
  void theDefaultBudgetsStayWellBelowTheConfigMapLimit() {
    ConfigBudget defaults = ConfigBudget.defaults();

    assertThat(defaults.total()).isLessThan(ConfigBudget.CONFIGMAP_LIMIT * 8 / 10);
    assertThat(defaults.perNamespace()).isLessThan(defaults.total());
  }

  @Test
  void entrySizesFromOneSerializationMatchEachEntryOnItsOwn() {
    List<McpTool> tools = List.of(sized("a", "x", 1, 3), sized("b", "y", 2, 5));
    McpScope scope = created(scope("a", "s", "a:all", "x/*"), "2026-01-03T00:00:00Z");
    var config =
        GatewayConfigCompiler.compile(tools, List.of(scope), CompilerSettings.defaults()).config();
    String yaml = GatewayConfigCodec.toYaml(config);
    long empty = GatewayConfigCodec.toYaml(dev.toolgate.api.config.GatewayConfig.empty()).length();

    long[] sizes = BudgetCheck.entrySizes(yaml, config, 3);

    // On its own an entry also carries its list's key line ("upstreams:\n" or "scopes:\n").
    assertThat(sizes[0])
        .isEqualTo(
            GatewayConfigCodec.toYaml(
                        new dev.toolgate.api.config.GatewayConfig(
                            config.version(), null, List.of(config.upstreams().get(0)), null))
                    .length()
                - empty
                - "upstreams:\n".length());
    assertThat(sizes[2])
        .isEqualTo(
            GatewayConfigCodec.toYaml(
                        new dev.toolgate.api.config.GatewayConfig(
                            config.version(), null, null, List.of(config.scopes().get(0))))
                    .length()
                - empty
                - "scopes:\n".length());
    assertThat(sizes[0] + sizes[1] + sizes[2]).isLessThan(yaml.length());
  }

  @Test
  void aWorkerPathTheGatewayWouldNotReadAsItsServiceUrlLeavesOnlyThatMcpToolOut() {
    McpTool odd = worker("tools", "odd", policy("a"));
    odd.getSpec().setPath("/mcp?x=1"); // bypassed the CRD schema
    McpTool fine = worker("tools", "fine", policy("a"));

    CompileResult result = compile(List.of(odd, fine));

    assertThat(result.config().upstreams())
        .extracting(UpstreamConfig::id)
        .containsExactly("tools/fine");
    assertThat(result.violations())
        .singleElement()
        .satisfies(v -> assertThat(v.field()).isEqualTo("spec.path"));
  }
}
