package dev.toolgate.api.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An OAuth scope declared by an McpScope: the tools it grants and who may use it.
 *
 * @param scope the scope string as it appears in tokens
 * @param source {@code <namespace>/<name>} of the McpScope it came from
 * @param tools exposed names of the tools it grants, sorted
 * @param subjects who may use it; {@code null} means anyone holding the scope
 * @param maxTokenLifetime the longest token lifetime accepted with this scope (at most 15m)
 * @param rateLimit a per-caller limit across all tools this scope grants
 * @param budget cost units each caller may spend per period on the tools this scope grants
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ScopeConfig(
    String scope,
    String source,
    List<String> tools,
    SubjectsConfig subjects,
    String maxTokenLifetime,
    RateLimitConfig rateLimit,
    BudgetConfig budget) {

  public ScopeConfig {
    tools = tools == null ? List.of() : List.copyOf(tools);
  }

  /** A scope without a budget, as configs were written before budgets. */
  public ScopeConfig(
      String scope,
      String source,
      List<String> tools,
      SubjectsConfig subjects,
      String maxTokenLifetime,
      RateLimitConfig rateLimit) {
    this(scope, source, tools, subjects, maxTokenLifetime, rateLimit, null);
  }

  /**
   * Callers allowed to use a scope; a caller matches when any list matches. All lists empty means
   * no restriction.
   *
   * @param groups values of the token's {@code groups} claim
   * @param clientIds values of the token's {@code client_id} (or {@code azp}) claim
   * @param serviceAccounts Kubernetes service accounts, {@code <namespace>/<name>}, matched against
   *     the token subject {@code system:serviceaccount:<namespace>:<name>}
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record SubjectsConfig(
      List<String> groups, List<String> clientIds, List<String> serviceAccounts) {

    public SubjectsConfig {
      groups = groups == null ? List.of() : List.copyOf(groups);
      clientIds = clientIds == null ? List.of() : List.copyOf(clientIds);
      serviceAccounts = serviceAccounts == null ? List.of() : List.copyOf(serviceAccounts);
    }

    public boolean isUnrestricted() {
      return groups.isEmpty() && clientIds.isEmpty() && serviceAccounts.isEmpty();
    }
  }
}
