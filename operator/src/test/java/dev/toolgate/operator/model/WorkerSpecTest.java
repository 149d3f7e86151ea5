package dev.toolgate.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.operator.Fixtures;
import org.junit.jupiter.api.Test;

class WorkerSpecTest {

  @Test
  void appliesDefaultsWithoutTouchingTheUsersSpec() {
    McpTool tool =
        Fixtures.tool(
            """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpTool
        metadata: {name: minimal}
        spec: {image: minimal:1}
        """);
    WorkerSpec worker = WorkerSpec.of(tool);
    assertThat(worker.port()).isEqualTo(8080);
    assertThat(worker.path()).isEqualTo("/mcp");
    assertThat(worker.replicas()).isEqualTo(1);
    assertThat(worker.writablePaths()).isEmpty();
    assertThat(worker.cidrEgress()).isEmpty();
    assertThat(tool.getSpec().getPort()).isNull();
    assertThat(tool.getSpec().getReplicas()).isNull();
    assertThat(tool.getSpec().getResources()).isNull();
  }

  @Test
  void splitsEgressIntoCidrAndHostRules() {
    WorkerSpec worker = WorkerSpec.of(Fixtures.tool(Fixtures.BILLING));
    assertThat(worker.cidrEgress())
        .extracting(r -> r.getCidr())
        .containsExactly("10.20.0.0/16", "192.168.0.0/24");
    assertThat(worker.hostEgress())
        .extracting(r -> r.getHost())
        .containsExactly("api.stripe.com", "*.example.com");
    assertThat(WorkerSpec.hasHostEgress(Fixtures.tool(Fixtures.BILLING))).isTrue();
  }

  @Test
  void aRemoteToolHasNoWorker() {
    McpTool remote = Fixtures.tool(Fixtures.REMOTE);
    assertThat(WorkerSpec.runsWorker(remote)).isFalse();
    assertThat(WorkerSpec.hasHostEgress(remote)).isFalse();
    assertThatThrownBy(() -> WorkerSpec.of(remote)).hasMessageContaining("remote server");
  }
}
