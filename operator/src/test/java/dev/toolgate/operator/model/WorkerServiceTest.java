package dev.toolgate.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.operator.Fixtures;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import org.junit.jupiter.api.Test;

class WorkerServiceTest {

  @Test
  void exposesTheMcpPortUnderTheNameTheCompilerPutsInWorkerUrls() {
    Service service = WorkerService.build(WorkerSpec.of(Fixtures.tool(Fixtures.BILLING)));
    assertThat(service.getMetadata().getName()).isEqualTo("billing");
    assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(service.getSpec().getSelector()).isEqualTo(WorkerLabels.workerSelector("billing"));
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getPort()).isEqualTo(8080);
              assertThat(p.getTargetPort().getStrVal()).isEqualTo("mcp");
              assertThat(p.getProtocol()).isEqualTo("TCP");
            });
  }

  @Test
  void theServiceAccountMountsNoToken() {
    ServiceAccount account =
        WorkerServiceAccount.build(WorkerSpec.of(Fixtures.tool(Fixtures.BILLING)));
    assertThat(account.getMetadata().getName()).isEqualTo("billing");
    assertThat(account.getAutomountServiceAccountToken()).isFalse();
    assertThat(account.getMetadata().getLabels())
        .containsEntry(WorkerLabels.MANAGED_BY, WorkerLabels.OPERATOR);
  }
}
