package dev.toolgate.operator.model;

import dev.toolgate.api.ToolgateNames;
import dev.toolgate.api.config.GatewayConfig;
import dev.toolgate.api.config.GatewayConfigCodec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.Map;

/**
 * The ConfigMap the gateway reads its routing and policy from. The YAML is canonical, so the same
 * tools and scopes always give the same bytes and an unchanged config is never rewritten.
 */
public final class GatewayConfigMap {

  private GatewayConfigMap() {}

  public static ConfigMap build(String namespace, GatewayConfig config) {
    String yaml = GatewayConfigCodec.toYaml(config);
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(ToolgateNames.GATEWAY_CONFIGMAP)
        .withNamespace(namespace)
        .withLabels(WorkerLabels.forGatewayConfig())
        .withAnnotations(
            Map.of(ToolgateNames.CONFIG_HASH_ANNOTATION, GatewayConfigCodec.hash(yaml)))
        .endMetadata()
        .withData(Map.of(ToolgateNames.GATEWAY_CONFIG_KEY, yaml))
        .build();
  }
}
