package dev.toolgate.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.toolgate.api.config.Durations;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Cost units per caller per period. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Budget {

  @JsonPropertyDescription("Cost units each caller may spend per period.")
  @Required
  @Min(1)
  private Integer units;

  @JsonPropertyDescription(
      "The period, for example 24h; periods are fixed windows aligned to the epoch (UTC).")
  @Required
  @Pattern(Durations.PATTERN)
  @Size(max = 32)
  private String period;

  public Integer getUnits() {
    return units;
  }

  public void setUnits(Integer units) {
    this.units = units;
  }

  public String getPeriod() {
    return period;
  }

  public void setPeriod(String period) {
    this.period = period;
  }
}
