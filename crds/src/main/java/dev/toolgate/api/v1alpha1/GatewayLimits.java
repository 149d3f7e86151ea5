package dev.toolgate.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.toolgate.api.config.Durations;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Gateway-wide limits; an absent one takes the operator's flag of the same name. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GatewayLimits {

  /** A byte count as the operator's flags take it: digits with an optional Ki or Mi suffix. */
  public static final String BYTES = "^[0-9]{1,9}(Ki|Mi)?$";

  @JsonPropertyDescription(
      "Longest per-call timeout an McpTool may set (spec.timeout, spec.tools[].timeout); a longer"
          + " one is reported (TimeoutAboveLimit) and cut to this. Default: the operator's"
          + " --max-tool-timeout (5m). The gateway's own --max-tool-timeout still caps every call.")
  @Pattern(Durations.PATTERN)
  @Size(max = 32)
  @ValidationRule(value = "duration(self) > duration('0s')", message = "must be longer than zero")
  private String maxToolTimeout;

  @JsonPropertyDescription(
      "Bytes of gateway config (YAML) one namespace's McpTools and McpScopes may take, for"
          + " example 256Ki; over it the namespace's newest entries are left out"
          + " (ConfigBudgetExceeded). Default: the operator's --config-budget-per-namespace.")
  @Pattern(BYTES)
  private String configBudgetPerNamespace;

  @JsonPropertyDescription(
      "Bytes of gateway config all namespaces may take together, at most 1023Ki (a ConfigMap"
          + " holds 1 MiB). Default: the operator's --config-budget-total.")
  @Pattern(BYTES)
  private String configBudgetTotal;

  public String getMaxToolTimeout() {
    return maxToolTimeout;
  }

  public void setMaxToolTimeout(String maxToolTimeout) {
    this.maxToolTimeout = maxToolTimeout;
  }

  public String getConfigBudgetPerNamespace() {
    return configBudgetPerNamespace;
  }

  public void setConfigBudgetPerNamespace(String configBudgetPerNamespace) {
    this.configBudgetPerNamespace = configBudgetPerNamespace;
  }

  public String getConfigBudgetTotal() {
    return configBudgetTotal;
  }

  public void setConfigBudgetTotal(String configBudgetTotal) {
    this.configBudgetTotal = configBudgetTotal;
  }
}
