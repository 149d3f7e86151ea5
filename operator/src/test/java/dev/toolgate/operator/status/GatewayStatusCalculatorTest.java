package dev.toolgate.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.api.v1alpha1.GatewayReport;
import dev.toolgate.api.v1alpha1.McpGateway;
import dev.toolgate.api.v1alpha1.McpGatewayStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayStatusCalculatorTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T10:00:00Z"), ZoneOffset.UTC);
  private final GatewayStatusCalculator calculator = new GatewayStatusCalculator(CLOCK);

  private static final GatewayStatusCalculator.Compiled COMPILED =
      new GatewayStatusCalculator.Compiled(
          "toolgate-system/toolgate-gateway-config", "sha256:00000000000000c1", 3, 2, 1, 1);

  private static McpGateway gateway(long generation) {
    McpGateway gateway = new McpGateway();
    gateway.setMetadata(
        new ObjectMetaBuilder()
            .withName("toolgate")
            .withNamespace("toolgate-system")
            .withGeneration(generation)
            .build());
    return gateway;
  }

  private static Condition ready(McpGatewayStatus status) {
    return Conditions.find(status.getConditions(), "Ready").orElseThrow();
  }

  @Test
  void aCompiledAndWrittenConfigMakesTheGatewayReadyWithItsCounts() {
    McpGatewayStatus status = calculator.compute(gateway(4), COMPILED);

    assertThat(status.getObservedGeneration()).isEqualTo(4L);
    assertThat(status.getConfigHash()).isEqualTo("sha256:00000000000000c1");
    assertThat(status.getConfigMap()).isEqualTo("toolgate-system/toolgate-gateway-config");
    assertThat(status.getRoutedTools()).isEqualTo(2);
    assertThat(status.getViolations()).isEqualTo(1);
    assertThat(status.getGateway()).as("the gateway's part is never computed here").isNull();
    Condition ready = ready(status);
    assertThat(ready.getStatus() + "/" + ready.getReason()).isEqualTo("True/Compiled");
    assertThat(ready.getMessage())
        .isEqualTo(
            "Compiled 3 McpTools (2 routed) and 1 McpScope into ConfigMap"
                + " toolgate-system/toolgate-gateway-config; 1 violation, each shown on its"
                + " resource");
    assertThat(ready.getObservedGeneration()).isEqualTo(4L);
  }

  @Test
  void recomputingAnUnchangedGatewayGivesAnEqualStatus() {
    McpGateway gateway = gateway(1);
    gateway.setStatus(calculator.compute(gateway, COMPILED));

    McpGatewayStatus again =
        new GatewayStatusCalculator(Clock.offset(CLOCK, Duration.ofHours(1)))
            .compute(gateway, COMPILED);

    assertThat(again.getConditions()).isEqualTo(gateway.getStatus().getConditions());
  }

  @Test
  void anInvalidSpecKeepsWhatWasCompiledAndSaysWhyNothingIsWritten() {
    McpGateway gateway = gateway(1);
    McpGatewayStatus compiled = calculator.compute(gateway, COMPILED);
    compiled.setGateway(new GatewayReport());
    gateway.setStatus(compiled);
    gateway.getMetadata().setGeneration(2L);

    McpGatewayStatus status =
        calculator.invalid(gateway, List.of("spec.limits.configBudgetTotal: too large"));

    Condition ready = ready(status);
    assertThat(ready.getStatus() + "/" + ready.getReason()).isEqualTo("False/InvalidSpec");
    assertThat(ready.getMessage())
        .startsWith("spec.limits.configBudgetTotal: too large")
        .contains("no config is written until the spec is fixed");
    assertThat(status.getConfigHash()).isEqualTo("sha256:00000000000000c1");
    assertThat(status.getObservedGeneration()).isEqualTo(2L);
    assertThat(status.getGateway()).isNull();
  }

  @Test
  void theOperatorsPartLeavesTheGatewaysReportOut() {
    McpGatewayStatus status = calculator.compute(gateway(1), COMPILED);
    GatewayReport report = new GatewayReport();
    report.setLoadedConfigHash("sha256:00000000000000c1");
    status.setGateway(report);

    McpGatewayStatus own = GatewayStatusCalculator.ownPart(status);

    assertThat(own.getGateway()).isNull();
    assertThat(own.getConfigHash()).isEqualTo(status.getConfigHash());
    assertThat(own.getConditions()).isEqualTo(status.getConditions());
    assertThat(GatewayStatusCalculator.ownPart(null)).isNull();
  }
}
