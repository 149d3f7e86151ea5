package dev.toolgate.operator;

import dev.toolgate.api.v1alpha1.McpScope;
import dev.toolgate.api.v1alpha1.McpTool;
import io.fabric8.kubernetes.client.utils.Serialization;

/** McpTools and McpScopes from YAML, as users write them, with the metadata the API server adds. */
public final class Fixtures {

  private Fixtures() {}

  public static McpTool tool(String yaml) {
    McpTool tool = Serialization.unmarshal(yaml, McpTool.class);
    if (tool.getMetadata().getNamespace() == null) {
      tool.getMetadata().setNamespace("tools");
    }
    tool.getMetadata()
        .setGeneration(
            tool.getMetadata().getGeneration() == null ? 1L : tool.getMetadata().getGeneration());
    tool.getMetadata().setUid("uid-" + tool.getMetadata().getName());
    return tool;
  }

  public static McpScope scope(String yaml) {
    McpScope scope = Serialization.unmarshal(yaml, McpScope.class);
    if (scope.getMetadata().getNamespace() == null) {
      scope.getMetadata().setNamespace("tools");
    }
    scope
        .getMetadata()
        .setGeneration(
            scope.getMetadata().getGeneration() == null ? 1L : scope.getMetadata().getGeneration());
    return scope;
  }

  public static final String BILLING =
      """
      apiVersion: toolgate.dev/v1alpha1
      kind: McpTool
      metadata: {name: billing, namespace: tools}
      spec:
        image: registry.example/billing-mcp:1.4.2
        replicas: 2
        env: [{name: MODE, value: live}]
        resources:
          requests: {memory: 1Gi}
        sandbox:
          runtimeClassName: gvisor
          writablePaths: [{path: /scratch, sizeLimit: 1Gi}, {path: /tmp}]
          egress:
            - {cidr: 10.20.0.0/16, ports: [5432]}
            - {cidr: 192.168.0.0/24}
            - {host: api.stripe.com, ports: [443]}
            - {host: "*.example.com"}
        tools:
          - name: get_invoice
            scopes: [billing.read]
      """;

  public static final String REMOTE =
      """
      apiVersion: toolgate.dev/v1alpha1
      kind: McpTool
      metadata: {name: docs, namespace: tools}
      spec:
        remote: {url: "https://mcp.docs.example.com/mcp"}
        tools: [{name: search}]
      """;
}
