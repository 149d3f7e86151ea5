package dev.toolgate.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.api.compiler.CompilerSettings;
import dev.toolgate.api.v1alpha1.GatewayLimits;
import dev.toolgate.api.v1alpha1.McpGatewaySpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewaySpecResolverTest {

  private static final CompilerSettings DEFAULTS = CompilerSettings.defaults();

  private static McpGatewaySpec limits(String timeout, String perNamespace, String total) {
    GatewayLimits limits = new GatewayLimits();
    limits.setMaxToolTimeout(timeout);
    limits.setConfigBudgetPerNamespace(perNamespace);
    limits.setConfigBudgetTotal(total);
    McpGatewaySpec spec = new McpGatewaySpec();
    spec.setLimits(limits);
    return spec;
  }

  @Test
  void anEmptySpecKeepsTheOperatorsSettingsAndServesEveryNamespace() {
    GatewaySpecResolver.Resolved resolved =
        GatewaySpecResolver.resolve(new McpGatewaySpec(), DEFAULTS);
    assertThat(resolved.isValid()).isTrue();
    assertThat(resolved.settings()).isEqualTo(DEFAULTS);
    assertThat(resolved.serves("anything")).isTrue();
    assertThat(GatewaySpecResolver.resolve(null, DEFAULTS).settings()).isEqualTo(DEFAULTS);
  }

  @Test
  void kubeSystemIsNeverServedEvenWhenListed() {
    assertThat(GatewaySpecResolver.resolve(new McpGatewaySpec(), DEFAULTS).serves("kube-system"))
        .isFalse();
    McpGatewaySpec spec = new McpGatewaySpec();
    spec.setNamespaces(List.of("kube-system", "team-a"));
    GatewaySpecResolver.Resolved resolved = GatewaySpecResolver.resolve(spec, DEFAULTS);
    assertThat(resolved.serves("kube-system")).isFalse();
    assertThat(resolved.serves("team-a")).isTrue();
  }

  @Test
  void listedNamespacesAreTheOnlyOnesServed() {
    McpGatewaySpec spec = new McpGatewaySpec();
    spec.setNamespaces(List.of("team-a", "team-b"));
    GatewaySpecResolver.Resolved resolved = GatewaySpecResolver.resolve(spec, DEFAULTS);
    assertThat(resolved.serves("team-a")).isTrue();
    assertThat(resolved.serves("team-c")).isFalse();
  }

  @Test
  void limitsTheSpecSetsReplaceTheFlagsAndTheOthersStay() {
    GatewaySpecResolver.Resolved resolved =
        GatewaySpecResolver.resolve(limits("90s", "64Ki", null), DEFAULTS);
    assertThat(resolved.isValid()).isTrue();
    assertThat(resolved.settings().maxTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(resolved.settings().budget().perNamespace()).isEqualTo(64 * 1024);
    assertThat(resolved.settings().budget().total()).isEqualTo(DEFAULTS.budget().total());
    assertThat(resolved.settings().upstreamAddresses()).isEqualTo(DEFAULTS.upstreamAddresses());
  }

  @Test
  void aTotalBudgetAboveWhatAConfigMapHoldsIsAProblemNamingTheField() {
    GatewaySpecResolver.Resolved resolved =
        GatewaySpecResolver.resolve(limits(null, null, "2Mi"), DEFAULTS);
    assertThat(resolved.isValid()).isFalse();
    assertThat(resolved.problems())
        .singleElement()
        .asString()
        .startsWith("spec.limits.configBudgetTotal: ")
        .contains("1 MiB");
    assertThat(resolved.settings()).isEqualTo(DEFAULTS);
  }

  @Test
  void aZeroTimeoutIsAProblem() {
    GatewaySpecResolver.Resolved resolved =
        GatewaySpecResolver.resolve(limits("0s", null, null), DEFAULTS);
    assertThat(resolved.problems())
        .containsExactly("spec.limits.maxToolTimeout: must be longer than zero");
  }
}
