package dev.toolgate.operator.dependent;

import dev.toolgate.api.config.GatewayConfig;
import dev.toolgate.operator.model.GatewayConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

/**
 * The gateway config ConfigMap in the operator's namespace. Its content is the config the gateway
 * config reconciler compiled in this reconciliation and put into the context; server-side apply
 * matching leaves an unchanged config untouched.
 */
public class GatewayConfigMapDependent
    extends CRUDKubernetesDependentResource<ConfigMap, Namespace> {

  public static final String NAME = "gateway-config";

  public GatewayConfigMapDependent() {
    super(ConfigMap.class);
  }

  @Override
  protected ConfigMap desired(Namespace operatorNamespace, Context<Namespace> context) {
    GatewayConfig config =
        context
            .managedWorkflowAndDependentResourceContext()
            .getMandatory(GatewayConfig.class, GatewayConfig.class);
    return GatewayConfigMap.build(operatorNamespace.getMetadata().getName(), config);
  }
}
