package dev.toolgate.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** What the gateway reports about the configs it was offered; only the gateway writes it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GatewayReport {

  /** The condition type the gateway reports. */
  public static final String CONFIG_LOADED = "ConfigLoaded";

  /** ConfigLoaded=True: the config is in force. */
  public static final String LOADED = "Loaded";

  /** ConfigLoaded=False: the gateway refused the config; the one it had stays in force. */
  public static final String CONFIG_REJECTED = "ConfigRejected";

  @JsonPropertyDescription(
      "Content hash of the config the gateway serves (sha256:<16 hex digits>); absent before it"
          + " loaded one.")
  private String loadedConfigHash;

  @JsonPropertyDescription(
      "Content hash of the newest config the gateway was offered and refused; absent once a"
          + " later config loads.")
  private String rejectedConfigHash;

  @JsonPropertyDescription(
      "ConfigLoaded: True with reason Loaded, or False with reason ConfigRejected and the"
          + " validation message.")
  private List<Condition> conditions;

  @JsonPropertyDescription(
      "Problems with single upstreams found while serving the loaded config, such as tools"
          + " discovered at run time whose exposed name another upstream keeps.")
  private List<UpstreamProblem> upstreamProblems;

  @JsonPropertyDescription(
      "Tools whose definition differs from what the config in force records for them (new,"
          + " changed or gone), at most 200 at a time: the operator records them in the McpTool's"
          + " status, the next config records them, and they leave this list.")
  private List<ReportedSchema> toolSchemas;

  public List<ReportedSchema> getToolSchemas() {
    return toolSchemas;
  }

  public void setToolSchemas(List<ReportedSchema> toolSchemas) {
    this.toolSchemas = toolSchemas;
  }

  public String getLoadedConfigHash() {
    return loadedConfigHash;
  }

  public void setLoadedConfigHash(String loadedConfigHash) {
    this.loadedConfigHash = loadedConfigHash;
  }

  public String getRejectedConfigHash() {
    return rejectedConfigHash;
  }

  public void setRejectedConfigHash(String rejectedConfigHash) {
    this.rejectedConfigHash = rejectedConfigHash;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public List<UpstreamProblem> getUpstreamProblems() {
    return upstreamProblems;
  }

  public void setUpstreamProblems(List<UpstreamProblem> upstreamProblems) {
    this.upstreamProblems = upstreamProblems;
  }
}
