package dev.toolgate.operator.dependent;

import dev.toolgate.api.config.GatewayConfig;
import dev.toolgate.api.v1alpha1.McpGateway;
import dev.toolgate.operator.model.GatewayConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import java.util.List;

/**
 * The gateway config ConfigMap beside its McpGateway, which owns it. Its content is the config the
 * McpGateway reconciler compiled in this reconciliation and put into the context; server-side apply
 * matching leaves an unchanged config untouched.
 */
public class GatewayConfigMapDependent
    extends CRUDKubernetesDependentResource<ConfigMap, McpGateway> {

  public static final String NAME = "gateway-config";

  public GatewayConfigMapDependent() {
    super(ConfigMap.class);
  }

  @Override
  protected ConfigMap desired(McpGateway gateway, Context<McpGateway> context) {
    GatewayConfig config =
        context
            .managedWorkflowAndDependentResourceContext()
            .getMandatory(GatewayConfig.class, GatewayConfig.class);
    return GatewayConfigMap.build(gateway.getMetadata().getNamespace(), config);
  }

  /** JOSDK's owner reference leaves out controller and blockOwnerDeletion; ours sets both. */
  @Override
  protected void addReferenceHandlingMetadata(ConfigMap desired, McpGateway gateway) {
    desired
        .getMetadata()
        .setOwnerReferences(
            List.of(
                new OwnerReferenceBuilder()
                    .withApiVersion(gateway.getApiVersion())
                    .withKind(gateway.getKind())
                    .withName(gateway.getMetadata().getName())
                    .withUid(gateway.getMetadata().getUid())
                    .withController(true)
                    .withBlockOwnerDeletion(true)
                    .build()));
  }
}
