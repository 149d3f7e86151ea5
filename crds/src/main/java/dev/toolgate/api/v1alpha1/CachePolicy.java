package dev.toolgate.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.toolgate.api.config.Durations;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * Result caching keyed by the tool's definition and its canonical arguments; a caller can bypass it
 * per request.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CachePolicy {

  @JsonPropertyDescription("How long a result is served from the cache, for example 5m.")
  @Required
  @Pattern(Durations.PATTERN)
  @Size(max = 32)
  private String ttl;

  @JsonPropertyDescription(
      "true: one cached result serves every caller (only for results that are the same for"
          + " everyone). Default false: each caller has its own entries.")
  private Boolean shared;

  public Boolean getShared() {
    return shared;
  }

  public void setShared(Boolean shared) {
    this.shared = shared;
  }

  public String getTtl() {
    return ttl;
  }

  public void setTtl(String ttl) {
    this.ttl = ttl;
  }
}
