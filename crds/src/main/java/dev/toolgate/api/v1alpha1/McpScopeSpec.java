package dev.toolgate.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.toolgate.api.config.Durations;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class McpScopeSpec {

  @JsonPropertyDescription("The OAuth scope string as it appears in access tokens.")
  @Required
  @Pattern(ToolPolicy.SCOPE_TOKEN)
  private String scope;

  @JsonPropertyDescription(
      "The exact tools this scope grants, as <mcptool>/<tool> in this namespace, or <mcptool>/*"
          + " for all of an McpTool's exposed tools.")
  @Required
  @Size(min = 1, max = 256)
  private List<@Pattern(TOOL_REF) String> tools;

  @JsonPropertyDescription("Who may use this scope. Default: anyone whose token holds it.")
  private Subjects subjects;

  @JsonPropertyDescription(
      "Longest access-token lifetime accepted with this scope, at most 15m. Default 15m.")
  @Pattern(Durations.PATTERN)
  @Size(max = 32)
  @ValidationRule(
      value = "duration(self) <= duration('15m')",
      message = "token lifetime must not exceed 15m")
  private String maxTokenLifetime;

  @JsonPropertyDescription("A per-caller limit across all tools this scope grants.")
  private RateLimit rateLimit;

  @JsonPropertyDescription(
      "Cost units each caller may spend per period on the tools this scope grants (a call costs"
          + " its tool's cost). A caller over budget is refused until the period renews.")
  private Budget budget;

  public static final String TOOL_REF =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?/([A-Za-z0-9_.-]{1,128}|\\*)$";

  public String getScope() {
    return scope;
  }

  public void setScope(String scope) {
    this.scope = scope;
  }

  public Subjects getSubjects() {
    return subjects;
  }

  public void setSubjects(Subjects subjects) {
    this.subjects = subjects;
  }

  public String getMaxTokenLifetime() {
    return maxTokenLifetime;
  }

  public void setMaxTokenLifetime(String maxTokenLifetime) {
    this.maxTokenLifetime = maxTokenLifetime;
  }

  public RateLimit getRateLimit() {
    return rateLimit;
  }

  public void setRateLimit(RateLimit rateLimit) {
    this.rateLimit = rateLimit;
  }

  public Budget getBudget() {
    return budget;
  }

  public void setBudget(Budget budget) {
    this.budget = budget;
  }

  public List<String> getTools() {
    return tools;
  }

  public void setTools(List<String> tools) {
    this.tools = tools;
  }
}
