package dev.toolgate.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.api.compiler.Violation;
import dev.toolgate.operator.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class McpToolValidatorTest {

  private static List<String> fields(String spec) {
    return McpToolValidator.validate(
            Fixtures.tool(
                """
            apiVersion: toolgate.dev/v1alpha1
            kind: McpTool
            metadata: {name: t}
            spec:
            """
                    + spec.indent(2)))
        .stream()
        .map(Violation::field)
        .toList();
  }

  @Test
  void acceptsTheFullExample() {
    assertThat(McpToolValidator.validate(Fixtures.tool(Fixtures.BILLING))).isEmpty();
    assertThat(McpToolValidator.validate(Fixtures.tool(Fixtures.REMOTE))).isEmpty();
  }

  @Test
  void rejectsPortsOutsideTheTcpRange() {
    assertThat(
            fields(
                """
        image: x:1
        sandbox:
          egress: [{cidr: 10.0.0.0/8, ports: [0, 443, 70000]}]
        """))
        .containsExactly("spec.sandbox.egress[0].ports[0]", "spec.sandbox.egress[0].ports[2]");
  }

  @Test
  void rejectsWritablePathsThatWouldUndoTheReadOnlyRoot() {
    assertThat(
            fields(
                """
        image: x:1
        sandbox:
          writablePaths: [{path: /}, {path: /proc}, {path: /data}, {path: /data/}, {path: /a/../etc}]
        """))
        .containsExactly(
            "spec.sandbox.writablePaths[0].path",
            "spec.sandbox.writablePaths[1].path",
            "spec.sandbox.writablePaths[3].path",
            "spec.sandbox.writablePaths[4].path");
  }

  @Test
  void rejectsAZeroSizedWritablePath() {
    assertThat(
            fields(
                """
        image: x:1
        sandbox:
          writablePaths: [{path: /data, sizeLimit: "0"}]
        """))
        .containsExactly("spec.sandbox.writablePaths[0].sizeLimit");
  }

  @Test
  void rejectsARequestAboveItsLimit() {
    List<Violation> violations =
        McpToolValidator.validate(
            Fixtures.tool(
                """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpTool
        metadata: {name: t}
        spec:
          image: x:1
          resources:
            requests: {memory: 2Gi, cpu: 100m}
            limits: {memory: 1Gi, cpu: "1"}
        """));
    assertThat(violations)
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.field()).isEqualTo("spec.resources.requests.memory");
              assertThat(v.message()).contains("2Gi").contains("1Gi");
            });
  }

  @Test
  void rejectsMalformedCidrs() {
    assertThat(
            fields(
                """
        image: x:1
        sandbox:
          egress: [{cidr: 10.0.0.0/33}, {cidr: 300.1.1.1/8}, {cidr: "fd00::/8"}]
        """))
        .containsExactly("spec.sandbox.egress[0].cidr", "spec.sandbox.egress[1].cidr");
  }

  @Test
  void namesTheMcpToolItJudges() {
    assertThat(
            McpToolValidator.validate(
                Fixtures.tool(
                    """
            apiVersion: toolgate.dev/v1alpha1
            kind: McpTool
            metadata: {name: t, namespace: ns}
            spec: {image: x, sandbox: {egress: [{cidr: 1.2.3.4/32, ports: [0]}]}}
            """)))
        .singleElement()
        .satisfies(v -> assertThat(v.resource().id()).isEqualTo("ns/t"));
  }

  @Test
  void refusesEgressIntoThePlatformDenyListWithItsOwnReason() {
    List<Violation> violations =
        McpToolValidator.validate(
            Fixtures.tool(
                """
                apiVersion: toolgate.dev/v1alpha1
                kind: McpTool
                metadata: {name: t}
                spec:
                  image: x:1
                  sandbox:
                    egress:
                      - {cidr: 10.20.0.0/16}
                      - {cidr: 169.254.169.254/32}
                      - {cidr: "::/0"}
                """),
            dev.toolgate.operator.model.EgressBoundary.defaults());
    assertThat(violations)
        .extracting(v -> v.field() + "/" + v.reason())
        .containsExactly(
            "spec.sandbox.egress[1].cidr/EgressNotAllowed",
            "spec.sandbox.egress[2].cidr/EgressNotAllowed");
  }

  @Test
  void theGatewaysJwksCanBeAskedForOnlyWhereTheOperatorKnowsWhereItIs() {
    var tool =
        Fixtures.tool(
            """
            apiVersion: toolgate.dev/v1alpha1
            kind: McpTool
            metadata: {name: t}
            spec:
              image: x:1
              sandbox: {gatewayJwks: true}
            """);
    var boundary = dev.toolgate.operator.model.EgressBoundary.defaults();
    assertThat(McpToolValidator.validate(tool, boundary, true)).isEmpty();
    assertThat(McpToolValidator.validate(tool, boundary, false))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.field()).isEqualTo("spec.sandbox.gatewayJwks");
              assertThat(v.reason()).isEqualTo(Violation.EGRESS_NOT_ALLOWED);
              assertThat(v.message()).contains("--gateway-jwks-url");
            });
  }
}
