package dev.toolgate.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.api.compiler.CompileResult;
import dev.toolgate.api.compiler.CompilerSettings;
import dev.toolgate.api.compiler.GatewayConfigCompiler;
import dev.toolgate.api.compiler.ResourceRef;
import dev.toolgate.api.compiler.Violation;
import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.api.v1alpha1.McpToolStatus;
import dev.toolgate.operator.Fixtures;
import dev.toolgate.operator.routing.Exclusion;
import dev.toolgate.operator.routing.GatewayVerdict;
import dev.toolgate.operator.routing.ToolRoute;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ToolStatusCalculatorTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T10:00:00Z"), ZoneOffset.UTC);
  private final ToolStatusCalculator calculator = new ToolStatusCalculator(CLOCK);
  private static final String ENDPOINT = "http://billing.tools.svc.cluster.local:8080/mcp";

  /** The compiler's verdict, with the gateway serving the route when there is one. */
  private static ToolRoute route(McpTool tool) {
    return route(tool, GatewayVerdict.Kind.SERVED, null, List.of());
  }

  private static ToolRoute route(
      McpTool tool,
      GatewayVerdict.Kind kind,
      String rejection,
      List<GatewayVerdict.NameCollision> collisions) {
    CompileResult result =
        GatewayConfigCompiler.compile(List.of(tool), List.of(), CompilerSettings.defaults());
    ResourceRef ref = ResourceRef.of(tool);
    UpstreamConfig upstream = result.config().upstream(ref.id()).orElse(null);
    return new ToolRoute(
        tool.getMetadata().getGeneration(),
        upstream,
        result.violationsFor(ref),
        upstream == null
            ? null
            : new GatewayVerdict(
                kind,
                "sha256:00000000000000c2",
                kind == GatewayVerdict.Kind.SERVED || kind == GatewayVerdict.Kind.NAME_TAKEN
                    ? "sha256:00000000000000c2"
                    : "sha256:00000000000000c1",
                rejection,
                collisions),
        null);
  }

  private static WorkloadObservation available(int replicas) {
    return new WorkloadObservation(replicas, replicas, replicas, true, null);
  }

  private static String condition(McpToolStatus status, String type) {
    Condition c =
        status.getConditions().stream()
            .filter(x -> x.getType().equals(type))
            .findFirst()
            .orElseThrow();
    return c.getStatus() + "/" + c.getReason();
  }

  @Test
  void aRoutedValidAvailableWorkerIsReady() {
    McpTool tool =
        Fixtures.tool(
            Fixtures.BILLING.replace(
                "            - {host: api.stripe.com, ports: [443]}\n            - {host: \"*.example.com\"}\n",
                ""));
    McpToolStatus status =
        calculator.compute(
            new ToolObservation(
                tool,
                List.of(),
                Optional.of(available(2)),
                Optional.of(route(tool)),
                List.of(),
                ENDPOINT));
    assertThat(status.getConditions())
        .extracting(c -> c.getType() + "=" + c.getStatus())
        .containsExactly(
            "Ready=True",
            "WorkloadReady=True",
            "Routed=True",
            "PolicyValid=True",
            "SandboxIsolated=True");
    assertThat(status.getObservedGeneration()).isEqualTo(1L);
    assertThat(status.getEndpoint()).isEqualTo(ENDPOINT);
    assertThat(status.getTools())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.getExposedName()).isEqualTo("billing.get_invoice");
              assertThat(t.getScopes()).containsExactly("billing.read");
            });
  }

  @Test
  void workloadStatesEachHaveTheirReason() {
    McpTool tool =
        Fixtures.tool(
            Fixtures.REMOTE.replace(
                "remote: {url: \"https://mcp.docs.example.com/mcp\"}", "image: x:1"));
    ToolRoute route = route(tool);
    record Case(Optional<WorkloadObservation> workload, String expected) {}
    for (Case c :
        List.of(
            new Case(Optional.empty(), "False/WorkloadPending"),
            new Case(Optional.of(new WorkloadObservation(2, 1, 2, true, null)), "False/RollingOut"),
            new Case(
                Optional.of(new WorkloadObservation(2, 2, 2, false, null)), "False/RollingOut"),
            new Case(
                Optional.of(new WorkloadObservation(2, 2, 1, true, null)), "False/PodsUnavailable"),
            new Case(
                Optional.of(new WorkloadObservation(0, 0, 0, true, null)), "False/ScaledToZero"),
            new Case(
                Optional.of(
                    new WorkloadObservation(2, 1, 1, true, "ReplicaSet has timed out progressing")),
                "False/ProgressDeadlineExceeded"),
            new Case(Optional.of(available(1)), "True/PodsAvailable"))) {
      McpToolStatus status =
          calculator.compute(
              new ToolObservation(
                  tool, List.of(), c.workload(), Optional.of(route), List.of(), ENDPOINT));
      assertThat(condition(status, "WorkloadReady")).as(c.toString()).isEqualTo(c.expected());
    }
  }

  @Test
  void aRemoteToolNeedsNoWorkload() {
    McpTool tool = Fixtures.tool(Fixtures.REMOTE);
    McpToolStatus status =
        calculator.compute(
            new ToolObservation(
                tool,
                List.of(),
                Optional.empty(),
                Optional.of(route(tool)),
                List.of(),
                "https://mcp.docs.example.com/mcp"));
    assertThat(condition(status, "WorkloadReady")).isEqualTo("True/RemoteServer");
    assertThat(condition(status, "Ready")).isEqualTo("True/Ready");
  }

  @Test
  void anInvalidSpecIsPolicyInvalidAndNamesTheField() {
    McpTool tool =
        Fixtures.tool(
            Fixtures.REMOTE.replace(
                "remote: {url: \"https://mcp.docs.example.com/mcp\"}", "image: x:1"));
    Violation violation =
        new Violation(
            ResourceRef.of(tool),
            "spec.sandbox.egress[0].ports[0]",
            "70000 is not a port (1-65535)");
    McpToolStatus status =
        calculator.compute(
            new ToolObservation(
                tool,
                List.of(violation),
                Optional.empty(),
                Optional.of(route(tool)),
                List.of(),
                ENDPOINT));
    assertThat(condition(status, "PolicyValid")).isEqualTo("False/InvalidSpec");
    assertThat(condition(status, "WorkloadReady")).isEqualTo("False/InvalidSpec");
    assertThat(condition(status, "Ready")).isEqualTo("False/InvalidSpec");
    assertThat(status.getConditions().get(3).getMessage())
        .contains("spec.sandbox.egress[0].ports[0]: 70000");
  }

  @Test
  void unenforcedHostsMakeThePolicyInvalidButKeepTheRoute() {
    McpTool tool = Fixtures.tool(Fixtures.BILLING);
    McpToolStatus status =
        calculator.compute(
            new ToolObservation(
                tool,
                List.of(),
                Optional.of(available(2)),
                Optional.of(route(tool)),
                List.of("api.stripe.com:[443]"),
                ENDPOINT));
    assertThat(condition(status, "PolicyValid")).isEqualTo("False/HostEgressNotEnforced");
    assertThat(condition(status, "Routed")).isEqualTo("True/Routed");
    assertThat(condition(status, "Ready")).isEqualTo("False/HostEgressNotEnforced");
    assertThat(status.getConditions().get(3).getMessage())
        .contains("api.stripe.com:[443]")
        .contains("denied");
  }

  @Test
  void aToolTheCompilerDropsIsNotRouted() {
    McpTool tool =
        Fixtures.tool(
            Fixtures.REMOTE.replace(
                "tools: [{name: search}]",
                "tools: [{name: search}]\n  redact: {patterns: [\"(\"]}"));
    McpToolStatus status =
        calculator.compute(
            new ToolObservation(
                tool,
                List.of(),
                Optional.empty(),
                Optional.of(route(tool)),
                List.of(),
                "https://mcp.docs.example.com/mcp"));
    assertThat(condition(status, "Routed")).isEqualTo("False/NotRouted");
    assertThat(condition(status, "PolicyValid")).isEqualTo("False/InvalidPolicy");
    assertThat(status.getTools()).isNull();
  }

  @Test
  void beforeTheFirstCompileTheRoutingPartsStandAsTheyAre() {
    McpTool tool = Fixtures.tool(Fixtures.REMOTE);
    McpToolStatus routed =
        calculator.compute(
            new ToolObservation(
                tool,
                List.of(),
                Optional.empty(),
                Optional.of(route(tool)),
                List.of(),
                "https://mcp.docs.example.com/mcp"));
    tool.setStatus(routed);
    McpToolStatus afterRestart =
        new ToolStatusCalculator(Clock.offset(CLOCK, java.time.Duration.ofHours(1)))
            .compute(
                new ToolObservation(
                    tool,
                    List.of(),
                    Optional.empty(),
                    Optional.empty(),
                    List.of(),
                    "https://mcp.docs.example.com/mcp"));
    assertThat(afterRestart.getConditions()).isEqualTo(routed.getConditions());
    assertThat(afterRestart.getTools()).isEqualTo(routed.getTools());
  }

  @Test
  void aNewToolWaitsForTheCompilerWithUnknown() {
    McpTool tool = Fixtures.tool(Fixtures.REMOTE);
    McpToolStatus status =
        calculator.compute(
            new ToolObservation(
                tool,
                List.of(),
                Optional.empty(),
                Optional.empty(),
                List.of(),
                "https://mcp.docs.example.com/mcp"));
    assertThat(condition(status, "Routed")).isEqualTo("Unknown/Compiling");
    assertThat(condition(status, "Ready")).isEqualTo("Unknown/Compiling");
  }

  @Test
  void theRouteOfAnOlderGenerationIsReportedWithItsGeneration() {
    McpTool tool = Fixtures.tool(Fixtures.REMOTE);
    ToolRoute old = route(tool);
    tool.getMetadata().setGeneration(2L);
    McpToolStatus status =
        calculator.compute(
            new ToolObservation(
                tool,
                List.of(),
                Optional.empty(),
                Optional.of(old),
                List.of(),
                "https://mcp.docs.example.com/mcp"));
    assertThat(status.getObservedGeneration()).isEqualTo(2L);
    assertThat(
            status.getConditions().stream()
                .filter(c -> c.getType().equals("Routed"))
                .findFirst()
                .orElseThrow()
                .getObservedGeneration())
        .isEqualTo(1L);
  }

  private McpToolStatus computeRemote(McpTool tool, ToolRoute route) {
    return calculator.compute(
        new ToolObservation(
            tool,
            List.of(),
            Optional.empty(),
            Optional.of(route),
            List.of(),
            tool.getSpec().getRemote().getUrl()));
  }

  @Test
  void aRemoteUrlAtTheMetadataServiceIsNotRoutedWithItsOwnReason() {
    McpTool tool =
        Fixtures.tool(
            Fixtures.REMOTE.replace("https://mcp.docs.example.com/mcp", "http://169.254.169.254/"));

    McpToolStatus status = computeRemote(tool, route(tool));

    assertThat(condition(status, "Routed")).isEqualTo("False/UpstreamNotAllowed");
    assertThat(condition(status, "PolicyValid")).isEqualTo("False/UpstreamNotAllowed");
    assertThat(condition(status, "Ready")).isEqualTo("False/UpstreamNotAllowed");
  }

  @Test
  void aTakenPrefixIsReportedAsNameTakenNamingTheOwner() {
    McpTool owner = Fixtures.tool(Fixtures.REMOTE);
    owner.getMetadata().setCreationTimestamp("2026-01-01T00:00:00Z");
    McpTool squatter = Fixtures.tool(Fixtures.REMOTE.replace("namespace: tools", "namespace: aaa"));
    squatter.getMetadata().setCreationTimestamp("2026-02-01T00:00:00Z");
    CompileResult result =
        GatewayConfigCompiler.compile(
            List.of(squatter, owner), List.of(), CompilerSettings.defaults());
    ToolRoute route = new ToolRoute(1L, null, result.violationsFor(ResourceRef.of(squatter)));

    McpToolStatus status = computeRemote(squatter, route);

    assertThat(condition(status, "PolicyValid")).isEqualTo("False/NameTaken");
    assertThat(
            status.getConditions().stream()
                .filter(c -> c.getType().equals("PolicyValid"))
                .findFirst()
                .orElseThrow()
                .getMessage())
        .contains("metadata.name", "McpTool tools/docs");
  }

  @Test
  void aTimeoutCutToTheBoundKeepsTheToolRoutedAndSaysSo() {
    McpTool tool =
        Fixtures.tool(
            Fixtures.REMOTE.replace(
                "tools: [{name: search}]", "timeout: 1h\n  tools: [{name: search}]"));

    McpToolStatus status = computeRemote(tool, route(tool));

    assertThat(condition(status, "Routed")).isEqualTo("True/Routed");
    assertThat(condition(status, "PolicyValid")).isEqualTo("False/TimeoutAboveLimit");
  }

  @Test
  void aPodProblemNamesWhyTheWorkloadIsNotAvailableInsteadOfRollingOut() {
    McpTool tool = Fixtures.tool(Fixtures.BILLING);
    WorkloadObservation crashing =
        new WorkloadObservation(2, 2, 1, true, null)
            .withPodProblem(new PodProblem("CrashLoopBackOff", "pod b: container c keeps exiting"));
    McpToolStatus status =
        calculator.compute(
            new ToolObservation(
                tool,
                List.of(),
                Optional.of(crashing),
                Optional.of(route(tool)),
                List.of(),
                ENDPOINT));
    assertThat(Conditions.find(status.getConditions(), "WorkloadReady").orElseThrow())
        .satisfies(
            c -> {
              assertThat(c.getReason()).isEqualTo("CrashLoopBackOff");
              assertThat(c.getMessage())
                  .isEqualTo("1 of 2 pods are available; pod b: container c keeps exiting");
            });

    // Once every pod serves, a leftover problem (an old pod going away) no longer counts.
    McpToolStatus serving =
        calculator.compute(
            new ToolObservation(
                tool,
                List.of(),
                Optional.of(available(2).withPodProblem(crashing.podProblem())),
                Optional.of(route(tool)),
                List.of(),
                ENDPOINT));
    assertThat(Conditions.find(serving.getConditions(), "WorkloadReady").orElseThrow().getReason())
        .isEqualTo("PodsAvailable");
  }

  @Test
  void anotherPolicySelectingTheWorkerMakesItNotReady() {
    McpTool tool = Fixtures.tool(Fixtures.BILLING);
    McpToolStatus status =
        calculator.compute(
            new ToolObservation(
                tool,
                List.of(),
                Optional.of(available(2)),
                Optional.of(route(tool)),
                List.of(),
                ENDPOINT,
                List.of("allow-all", "allow-dns")));
    assertThat(Conditions.find(status.getConditions(), "SandboxIsolated").orElseThrow())
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getReason()).isEqualTo("WidenedByPolicy");
              assertThat(c.getMessage())
                  .startsWith("NetworkPolicies allow-all, allow-dns also select");
            });
    assertThat(Conditions.find(status.getConditions(), "Ready").orElseThrow().getReason())
        .isEqualTo("WidenedByPolicy");
  }

  private static String message(McpToolStatus status, String type) {
    return status.getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow()
        .getMessage();
  }

  @Test
  void aCompiledRouteTheGatewayHasNotLoadedAwaitsTheGateway() {
    McpTool tool = Fixtures.tool(Fixtures.REMOTE);

    McpToolStatus status =
        computeRemote(tool, route(tool, GatewayVerdict.Kind.AWAITING, null, List.of()));

    assertThat(condition(status, "Routed")).isEqualTo("False/AwaitingGateway");
    assertThat(message(status, "Routed"))
        .contains("sha256:00000000000000c2", "it serves sha256:00000000000000c1");
    assertThat(condition(status, "PolicyValid")).isEqualTo("True/Valid");
    assertThat(condition(status, "Ready")).isEqualTo("False/AwaitingGateway");
  }

  @Test
  void aRouteWithNoWordFromTheGatewayIsNotRouted() {
    McpTool tool = Fixtures.tool(Fixtures.REMOTE);
    ToolRoute compiledOnly = route(tool).withGateway(null);

    McpToolStatus status = computeRemote(tool, compiledOnly);

    assertThat(condition(status, "Routed")).isEqualTo("False/AwaitingGateway");
  }

  @Test
  void aRouteInAConfigTheGatewayRejectedSaysSoWithTheGatewaysMessage() {
    McpTool tool = Fixtures.tool(Fixtures.REMOTE);

    McpToolStatus status =
        computeRemote(
            tool,
            route(
                tool,
                GatewayVerdict.Kind.REJECTED,
                "upstreams[0].url: http://10.0.0.1/mcp lies in the cluster's Pod range",
                List.of()));

    assertThat(condition(status, "Routed")).isEqualTo("False/ConfigRejected");
    assertThat(message(status, "Routed"))
        .contains("rejected", "keeps serving sha256:00000000000000c1", "Pod range");
    assertThat(condition(status, "Ready")).isEqualTo("False/ConfigRejected");
  }

  @Test
  void aRunTimeNameCollisionMakesTheLoserNotRoutedNamingTheOwner() {
    McpTool tool = Fixtures.tool(Fixtures.REMOTE);

    McpToolStatus status =
        computeRemote(
            tool,
            route(
                tool,
                GatewayVerdict.Kind.NAME_TAKEN,
                null,
                List.of(new GatewayVerdict.NameCollision("lookup", "docs.lookup", "aaa/first"))));

    assertThat(condition(status, "Routed")).isEqualTo("False/NameTaken");
    assertThat(message(status, "Routed"))
        .contains("tool lookup as docs.lookup: aaa/first keeps that name")
        .contains("serves the other tools");
    assertThat(condition(status, "PolicyValid")).isEqualTo("True/Valid");
  }

  @Test
  void withoutAnMcpGatewayNothingIsRoutedAndThePoliciesAreUnchecked() {
    McpTool tool = Fixtures.tool(Fixtures.REMOTE);

    McpToolStatus status =
        computeRemote(
            tool, ToolRoute.excluded(1L, Exclusion.noGateway("toolgate-system", "toolgate")));

    assertThat(condition(status, "Routed")).isEqualTo("False/NoGateway");
    assertThat(message(status, "Routed")).contains("no McpGateway toolgate-system/toolgate");
    assertThat(condition(status, "PolicyValid")).isEqualTo("Unknown/NoGateway");
    assertThat(condition(status, "Ready")).isEqualTo("False/NoGateway");
    assertThat(status.getTools()).isNull();
  }

  @Test
  void aToolInANamespaceTheGatewayDoesNotServeIsNotRouted() {
    McpTool tool = Fixtures.tool(Fixtures.REMOTE);

    McpToolStatus status =
        computeRemote(
            tool,
            ToolRoute.excluded(
                1L, Exclusion.namespaceNotServed("toolgate-system/toolgate", "tools")));

    assertThat(condition(status, "Routed")).isEqualTo("False/NamespaceNotServed");
    assertThat(message(status, "Routed")).contains("does not serve namespace tools");
  }
}
