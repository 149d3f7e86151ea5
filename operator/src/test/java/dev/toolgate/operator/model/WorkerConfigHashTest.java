package dev.toolgate.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.operator.Fixtures;
import org.junit.jupiter.api.Test;

class WorkerConfigHashTest {

  private static String hash(McpTool tool) {
    return WorkerConfigHash.of(WorkerSpec.of(tool));
  }

  @Test
  void isStableForTheSameSpec() {
    assertThat(hash(Fixtures.tool(Fixtures.BILLING)))
        .isEqualTo(hash(Fixtures.tool(Fixtures.BILLING)))
        .startsWith("sha256:");
  }

  @Test
  void changesWithImageEnvResourcesAndSandbox() {
    String base = hash(Fixtures.tool(Fixtures.BILLING));
    assertThat(hash(Fixtures.tool(Fixtures.BILLING.replace("1.4.2", "1.4.3")))).isNotEqualTo(base);
    assertThat(hash(Fixtures.tool(Fixtures.BILLING.replace("value: live", "value: test"))))
        .isNotEqualTo(base);
    assertThat(hash(Fixtures.tool(Fixtures.BILLING.replace("memory: 1Gi", "memory: 2Gi"))))
        .isNotEqualTo(base);
    assertThat(hash(Fixtures.tool(Fixtures.BILLING.replace("/scratch", "/work"))))
        .isNotEqualTo(base);
  }

  @Test
  void ignoresToolPolicyWhichTheWorkerNeverSees() {
    String base = hash(Fixtures.tool(Fixtures.BILLING));
    assertThat(
            hash(
                Fixtures.tool(
                    Fixtures.BILLING.replace("scopes: [billing.read]", "scopes: [billing.all]"))))
        .isEqualTo(base);
  }
}
