package dev.toolgate.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.util.List;

/** Values the gateway removes from results before they reach the caller. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Redaction {

  @JsonPropertyDescription("Java regular expressions; each match is replaced by [REDACTED].")
  @Size(max = 64)
  private List<String> patterns;

  @JsonPropertyDescription(
      "Secrets in the McpTool's namespace whose exact values are redacted wherever they appear.")
  @Size(max = 32)
  private List<SecretKeySelector> secretRefs;

  public List<String> getPatterns() {
    return patterns;
  }

  public void setPatterns(List<String> patterns) {
    this.patterns = patterns;
  }

  public List<SecretKeySelector> getSecretRefs() {
    return secretRefs;
  }

  public void setSecretRefs(List<SecretKeySelector> secretRefs) {
    this.secretRefs = secretRefs;
  }
}
