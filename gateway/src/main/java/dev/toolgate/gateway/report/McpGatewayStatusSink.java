package dev.toolgate.gateway.report;

import dev.toolgate.api.ToolgateNames;
import dev.toolgate.api.v1alpha1.GatewayReport;
import dev.toolgate.api.v1alpha1.McpGateway;
import dev.toolgate.api.v1alpha1.McpGatewayStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The status subresource of the gateway's own McpGateway, with no right beyond it (RBAC {@code get}
 * and {@code patch} on {@code mcpgateways/status} for that one name): read with a GET of the
 * subresource, written with server-side apply as field manager {@code toolgate-gateway}, sending
 * nothing but {@code status.gateway}. The operator's fields of the same status have another manager
 * and are never touched.
 */
public final class McpGatewayStatusSink implements StatusSink {

  private final KubernetesClient client;
  private final String namespace;
  private final String name;

  public McpGatewayStatusSink(KubernetesClient client, String namespace, String name) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
  }

  @Override
  public GatewayReport read() {
    String json =
        client.raw(
            "/apis/"
                + HasMetadata.getApiVersion(McpGateway.class)
                + "/namespaces/"
                + namespace
                + "/"
                + HasMetadata.getPlural(McpGateway.class)
                + "/"
                + name
                + "/status");
    McpGateway current = Serialization.unmarshal(json, McpGateway.class);
    return current == null || current.getStatus() == null ? null : current.getStatus().getGateway();
  }

  @Override
  public void write(GatewayReport report) {
    McpGatewayStatus status = new McpGatewayStatus();
    // Only status.gateway: an empty conditions list here would claim the operator's conditions.
    status.setConditions(null);
    status.setGateway(report);
    McpGateway body = new McpGateway();
    body.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    body.setStatus(status);
    client
        .resource(body)
        .subresource("status")
        .patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager(ToolgateNames.GATEWAY_FIELD_MANAGER)
                .withForce(true)
                .build());
  }

  @Override
  public String describe() {
    return "McpGateway " + namespace + "/" + name;
  }
}
