package dev.toolgate.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.api.ToolgateNames;
import dev.toolgate.api.compiler.CompilerSettings;
import dev.toolgate.api.compiler.GatewayConfigCompiler;
import dev.toolgate.api.config.GatewayConfig;
import dev.toolgate.api.config.GatewayConfigCodec;
import dev.toolgate.operator.Fixtures;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayConfigMapTest {

  private static GatewayConfig config() {
    return GatewayConfigCompiler.compile(
            List.of(Fixtures.tool(Fixtures.BILLING), Fixtures.tool(Fixtures.REMOTE)),
            List.of(),
            CompilerSettings.defaults())
        .config();
  }

  @Test
  void holdsTheCanonicalYamlAndItsHash() {
    ConfigMap map = GatewayConfigMap.build("toolgate-system", config());
    String yaml = map.getData().get(ToolgateNames.GATEWAY_CONFIG_KEY);
    assertThat(map.getMetadata().getName()).isEqualTo(ToolgateNames.GATEWAY_CONFIGMAP);
    assertThat(map.getMetadata().getNamespace()).isEqualTo("toolgate-system");
    assertThat(GatewayConfigCodec.fromYaml(yaml)).isEqualTo(config());
    assertThat(map.getMetadata().getAnnotations())
        .containsEntry(ToolgateNames.CONFIG_HASH_ANNOTATION, GatewayConfigCodec.hash(yaml));
    assertThat(map.getMetadata().getLabels())
        .containsEntry(WorkerLabels.COMPONENT, WorkerLabels.GATEWAY_CONFIG);
  }

  @Test
  void theSameInputsGiveTheSameBytes() {
    assertThat(GatewayConfigMap.build("ns", config()))
        .isEqualTo(GatewayConfigMap.build("ns", config()));
  }
}
