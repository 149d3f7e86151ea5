package dev.toolgate.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.toolgate.api.config.Durations;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** One exposed tool and its policy. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ToolPolicy {

  @JsonPropertyDescription("The tool's name on the MCP server.")
  @Required
  @Pattern(TOOL_NAME)
  private String name;

  @JsonPropertyDescription(
      "OAuth scopes that grant this tool; a token needs one of them. Default:"
          + " <mcptool>.<tool>, one scope per tool.")
  @Size(max = 16)
  private List<@Pattern(SCOPE_TOKEN) String> scopes;

  @JsonPropertyDescription("Calls allowed per period.")
  private RateLimit rateLimit;

  @JsonPropertyDescription(
      "Cache results by the tool's definition and its canonical arguments. Applies only when the"
          + " tool is declared idempotent here or its server marks it readOnlyHint or"
          + " idempotentHint.")
  private CachePolicy cache;

  @JsonPropertyDescription(
      "The tool has no side effects: the same arguments give the same result, so results may be"
          + " cached.")
  private Boolean idempotent;

  @JsonPropertyDescription("Cost units one call is accounted with. Default 1.")
  @Min(0)
  private Integer cost;

  @JsonPropertyDescription(
      "How many identical calls (same caller, tool and arguments) in a window make a loop, which"
          + " the gateway answers from the cache or refuses. Default: the gateway's setting, for"
          + " tools with a rate limit, cache or budget.")
  private LoopDetection loopDetection;

  @JsonPropertyDescription(
      "How the gateway's audit log records this tool's calls beyond the default (time, caller,"
          + " session, a hash of the arguments, outcome, latency, cost).")
  private AuditPolicy audit;

  @JsonPropertyDescription("Timeout of one call, for example 10s. Default: the McpTool's timeout.")
  @Pattern(Durations.PATTERN)
  @Size(max = 32)
  private String timeout;

  @JsonPropertyDescription(
      "Pins the tool's definition: the gateway serves the tool only while its server lists a"
          + " definition with this schema hash (sha256:<64 hex>, as status.tools[].schemaHash"
          + " shows it); another definition is withheld from tools/list and refused on tools/call"
          + " until this field names its hash.")
  @Pattern(SCHEMA_HASH)
  private String schemaHash;

  /** A tool's schema hash: the SHA-256 of its definition's canonical JSON. */
  public static final String SCHEMA_HASH = dev.toolgate.api.config.ToolSchema.HASH;

  /** MCP tool names (2025-11-25): 1 to 128 of A-Z, a-z, 0-9, underscore, hyphen and dot. */
  public static final String TOOL_NAME = "^[A-Za-z0-9_.-]{1,128}$";

  /** An RFC 6749 scope token: printable ASCII without space, quote or backslash. */
  public static final String SCOPE_TOKEN = "^[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,128}$";

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public RateLimit getRateLimit() {
    return rateLimit;
  }

  public void setRateLimit(RateLimit rateLimit) {
    this.rateLimit = rateLimit;
  }

  public CachePolicy getCache() {
    return cache;
  }

  public void setCache(CachePolicy cache) {
    this.cache = cache;
  }

  public Boolean getIdempotent() {
    return idempotent;
  }

  public void setIdempotent(Boolean idempotent) {
    this.idempotent = idempotent;
  }

  public Integer getCost() {
    return cost;
  }

  public void setCost(Integer cost) {
    this.cost = cost;
  }

  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }

  public AuditPolicy getAudit() {
    return audit;
  }

  public void setAudit(AuditPolicy audit) {
    this.audit = audit;
  }

  public LoopDetection getLoopDetection() {
    return loopDetection;
  }

  public void setLoopDetection(LoopDetection loopDetection) {
    this.loopDetection = loopDetection;
  }

  public List<String> getScopes() {
    return scopes;
  }

  public void setScopes(List<String> scopes) {
    this.scopes = scopes;
  }

  public String getSchemaHash() {
    return schemaHash;
  }

  public void setSchemaHash(String schemaHash) {
    this.schemaHash = schemaHash;
  }
}
