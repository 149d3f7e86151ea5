package dev.toolgate.cluster;

import static dev.toolgate.cluster.Toolgate.TOOLS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Toolgate from its chart on a real node: the operator and gateway run as pods, a worker pod of the
 * example image runs under the restricted Pod Security Standard, its status comes from the kubelet,
 * and an MCP client on this machine calls its tool through the gateway's Service.
 */
@ExtendWith(RequiresNode.class)
class WorkerThroughGatewayIT {

  static Toolgate toolgate;

  @BeforeAll
  static void install() {
    toolgate = Toolgate.get();
    toolgate.node.apply(Workers.conformance(TOOLS, "conformance"));
  }

  @Test
  void theWorkerPodRunsRestrictedAndWorkloadReadyComesFromItsStatus() {
    Condition workload =
        toolgate.awaitCondition(TOOLS, "conformance", "WorkloadReady", "True", "PodsAvailable");
    assertThat(workload.getMessage()).isEqualTo("1 of 1 pods are available");
    toolgate.awaitCondition(TOOLS, "conformance", "Ready", "True", null);

    Pod pod = toolgate.readyWorkerPod(TOOLS, "conformance");
    assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
    assertThat(pod.getStatus().getContainerStatuses().getFirst().getImage())
        .endsWith(Workers.CONFORMANCE_IMAGE);
    assertThat(pod.getSpec().getNodeName()).isEqualTo("toolgate-node");

    // The namespace enforces "restricted": a pod that does not meet it is refused at admission.
    assertThatThrownBy(
            () ->
                toolgate
                    .node
                    .admin
                    .pods()
                    .inNamespace(TOOLS)
                    .resource(
                        Serialization.unmarshal(
                            """
                            apiVersion: v1
                            kind: Pod
                            metadata: {name: unrestricted}
                            spec:
                              containers: [{name: sh, image: %s}]
                            """
                                .formatted(KubeNode.BUSYBOX_IMAGE),
                            Pod.class))
                    .create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("violates PodSecurity \"restricted:latest\"");
  }

  @Test
  void anMcpClientOnTheMachineCallsTheWorkerThroughTheGatewayService() {
    toolgate.awaitCondition(TOOLS, "conformance", "Routed", "True", null);
    McpSyncClient client = Mcp.gateway();
    try {
      List<String> names =
          await()
              .atMost(Duration.ofSeconds(60))
              .ignoreExceptions()
              .until(
                  () -> client.listTools().tools().stream().map(Tool::name).sorted().toList(),
                  t -> t.contains("conformance.echo"));
      assertThat(names).contains("conformance.echo", "conformance.sleep");
      CallToolResult result =
          client.callTool(
              CallToolRequest.builder("conformance.echo")
                  .arguments(Map.of("text", "hello from the host"))
                  .build());
      assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
      assertThat(((TextContent) result.content().getFirst()).text())
          .isEqualTo("conformance: hello from the host");
    } finally {
      client.closeGracefully();
    }
  }
}
