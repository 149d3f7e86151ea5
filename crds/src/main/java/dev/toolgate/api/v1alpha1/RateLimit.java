package dev.toolgate.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.toolgate.api.config.Durations;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A token-bucket rate limit. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RateLimit {

  @JsonPropertyDescription("Calls allowed per period.")
  @Required
  @Min(1)
  private Integer requests;

  @JsonPropertyDescription("The period, for example 1m. Default 1m.")
  @Pattern(Durations.PATTERN)
  @Size(max = 32)
  private String period;

  @JsonPropertyDescription(
      "What the count is kept for: caller (each caller has its own budget, the default) or tool"
          + " (all callers share one).")
  private Per per;

  /** Who shares one budget. */
  public enum Per {
    @JsonProperty("caller")
    CALLER,
    @JsonProperty("tool")
    TOOL
  }

  public Integer getRequests() {
    return requests;
  }

  public void setRequests(Integer requests) {
    this.requests = requests;
  }

  public String getPeriod() {
    return period;
  }

  public void setPeriod(String period) {
    this.period = period;
  }

  public Per getPer() {
    return per;
  }

  public void setPer(Per per) {
    this.per = per;
  }
}
