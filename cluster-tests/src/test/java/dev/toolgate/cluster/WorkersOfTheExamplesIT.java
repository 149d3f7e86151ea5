package dev.toolgate.cluster;

import static dev.toolgate.cluster.Toolgate.TOOLS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
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
 * The Python (FastMCP) and TypeScript (MCP TypeScript SDK) example workers as pods: their McpTools
 * exactly as {@code examples/workers} has them, their images from scripts/worker-image.sh, running
 * under the restricted Pod Security Standard with the operator's read-only root and user, and an
 * MCP client on this machine calling a tool of each through the gateway's Service.
 */
@ExtendWith(RequiresNode.class)
class WorkersOfTheExamplesIT {

  static Toolgate toolgate;

  @BeforeAll
  static void apply() {
    toolgate = Toolgate.get();
    toolgate.node.apply(Workers.example("python-invoices"));
    toolgate.node.apply(Workers.example("typescript-refunds"));
  }

  @Test
  void bothRunAsRestrictedPodsOfTheirImages() {
    for (String tool : List.of("invoices", "refunds")) {
      toolgate.awaitCondition(TOOLS, tool, "WorkloadReady", "True", "PodsAvailable");
      Pod pod = toolgate.readyWorkerPod(TOOLS, tool);
      assertThat(pod.getStatus().getContainerStatuses().getFirst().getImage())
          .endsWith("toolgate-example-" + tool + ":0.1.0");
      assertThat(pod.getSpec().getContainers().getFirst().getSecurityContext())
          .satisfies(
              security -> {
                assertThat(security.getReadOnlyRootFilesystem()).isTrue();
                assertThat(security.getRunAsNonRoot()).isTrue();
              });
    }
  }

  @Test
  void anMcpClientCallsAToolOfEachThroughTheGateway() {
    toolgate.awaitCondition(TOOLS, "invoices", "Routed", "True", null);
    toolgate.awaitCondition(TOOLS, "refunds", "Routed", "True", null);
    McpSyncClient client = Mcp.gateway();
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(
              () -> client.listTools().tools().stream().map(Tool::name).toList(),
              names -> names.containsAll(List.of("invoices.get_invoice", "refunds.get_refund")));
      CallToolResult invoice =
          client.callTool(
              CallToolRequest.builder("invoices.get_invoice")
                  .arguments(Map.of("invoice_id", "INV-1001"))
                  .build());
      assertThat(invoice.isError()).isNotEqualTo(Boolean.TRUE);
      assertThat(((TextContent) invoice.content().getFirst()).text()).contains("acme");
      CallToolResult refund =
          client.callTool(
              CallToolRequest.builder("refunds.get_refund")
                  .arguments(Map.of("refund_id", "R-404"))
                  .build());
      assertThat(((TextContent) refund.content().getFirst()).text()).isEqualTo("no refund R-404");
    } finally {
      client.closeGracefully();
    }
  }
}
