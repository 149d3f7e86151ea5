package dev.toolgate.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.api.v1alpha1.McpToolStatus;
import dev.toolgate.operator.Fixtures;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusPatchesTest {

  private static McpToolStatus status(String message) {
    McpToolStatus status = new McpToolStatus();
    status.setObservedGeneration(1L);
    status.setConditions(
        List.of(
            new ConditionBuilder()
                .withType("Ready")
                .withStatus("True")
                .withMessage(message)
                .build()));
    return status;
  }

  @Test
  void comparesStatusesByContentIncludingOneReadBackFromTheServer() {
    McpToolStatus computed = status("ok");
    McpToolStatus stored =
        Serialization.unmarshal(Serialization.asJson(computed), McpToolStatus.class);
    assertThat(StatusPatches.isSame(stored, computed)).isTrue();
    assertThat(StatusPatches.isSame(stored, status("changed"))).isFalse();
    assertThat(StatusPatches.isSame(null, computed)).isFalse();
  }

  @Test
  void thePatchCarriesOnlyNameNamespaceAndStatus() {
    McpTool tool = Fixtures.tool(Fixtures.BILLING);
    tool.getMetadata().setResourceVersion("42");
    McpTool patch = StatusPatches.forStatus(tool, new McpTool(), status("ok"));
    assertThat(patch.getMetadata().getName()).isEqualTo("billing");
    assertThat(patch.getMetadata().getNamespace()).isEqualTo("tools");
    assertThat(patch.getMetadata().getResourceVersion()).isNull();
    assertThat(patch.getMetadata().getUid()).isNull();
    assertThat(patch.getSpec()).isNull();
    assertThat(patch.getKind()).isEqualTo("McpTool");
    assertThat(patch.getApiVersion()).isEqualTo("toolgate.dev/v1alpha1");
  }
}
