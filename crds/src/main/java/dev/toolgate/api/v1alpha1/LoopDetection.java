package dev.toolgate.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.toolgate.api.config.Durations;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** When identical calls of one caller count as a loop. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LoopDetection {

  @JsonPropertyDescription(
      "Identical calls allowed in the window; the next one is a loop. 0 turns loop detection off"
          + " for this tool. Default: the gateway's setting (20).")
  @Min(0)
  @Max(100000)
  private Integer maxRepeats;

  @JsonPropertyDescription("The window, for example 10m. Default: the gateway's setting (10m).")
  @Pattern(Durations.PATTERN)
  @Size(max = 32)
  private String window;

  public Integer getMaxRepeats() {
    return maxRepeats;
  }

  public void setMaxRepeats(Integer maxRepeats) {
    this.maxRepeats = maxRepeats;
  }

  public String getWindow() {
    return window;
  }

  public void setWindow(String window) {
    this.window = window;
  }
}
