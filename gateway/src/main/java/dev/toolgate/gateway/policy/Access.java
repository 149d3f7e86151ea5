package dev.toolgate.gateway.policy;

import dev.toolgate.api.config.Durations;
import dev.toolgate.api.config.ScopeConfig;
import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.gateway.auth.Principal;
import dev.toolgate.gateway.routing.RoutingTable;
import dev.toolgate.gateway.routing.ToolRoute;
import java.util.ArrayList;
import java.util.List;

/**
 * Who may use which scope. A scope an McpScope declares counts only for callers its subjects admit
 * (a group in the groups claim, the client id, or the Kubernetes service account) and only with a
 * token no longer-lived than its {@code maxTokenLifetime}. A token from the cluster's
 * service-account issuer carries no scopes: it holds exactly the McpScopes that name its service
 * account.
 */
public final class Access {

  private Access() {}

  /** Whether the caller may use {@code scope}, under the McpScope declaring it ({@code rule}). */
  public static boolean grants(Principal caller, String scope, ScopeConfig rule) {
    if (rule != null) {
      if (rule.maxTokenLifetime() != null
          && caller.lifetime().compareTo(Durations.parse(rule.maxTokenLifetime())) > 0) {
        return false;
      }
      if (rule.subjects() != null && !admits(rule.subjects(), caller)) {
        return false;
      }
    }
    if (caller.kubernetes()) {
      return rule != null
          && rule.subjects() != null
          && caller.serviceAccount() != null
          && rule.subjects().serviceAccounts().contains(caller.serviceAccount());
    }
    return caller.scopes().contains(scope);
  }

  /** The scopes among {@code scopes} that grant the caller access; empty when none does. */
  public static List<String> granting(Principal caller, List<String> scopes, RoutingTable table) {
    List<String> granting = null;
    for (String scope : scopes) {
      if (grants(caller, scope, table.scopeRule(scope))) {
        if (granting == null) {
          granting = new ArrayList<>(2);
        }
        granting.add(scope);
      }
    }
    return granting == null ? List.of() : granting;
  }

  /** Whether the caller may call the tool (the anonymous caller of an open gateway may). */
  public static boolean mayCall(Principal caller, ToolRoute tool, RoutingTable table) {
    if (caller.isAnonymous()) {
      return true;
    }
    for (String scope : tool.scopes()) {
      if (grants(caller, scope, table.scopeRule(scope))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the caller may use a worker's prompts, resources, completion and logging on {@code
   * /mcp}: one of its passthrough scopes, the grant of everything on its passthrough endpoint
   * beyond its tools, must grant it (the anonymous caller of an open gateway may).
   */
  public static boolean mayUseWorker(Principal caller, UpstreamConfig worker, RoutingTable table) {
    return caller.isAnonymous()
        || !granting(caller, worker.passthroughScopesOrDefault(), table).isEmpty();
  }

  /**
   * The workers whose prompts and resources the caller may use on {@code /mcp}, in config order.
   */
  public static List<UpstreamConfig> usableWorkers(Principal caller, RoutingTable table) {
    List<UpstreamConfig> usable = new ArrayList<>();
    for (UpstreamConfig worker : table.upstreams()) {
      if (mayUseWorker(caller, worker, table)) {
        usable.add(worker);
      }
    }
    return usable;
  }

  /**
   * The scopes a new token could carry to be granted access (the step-up hint): those whose
   * McpScope, if any, admits this caller; a shorter-lived token can fix a lifetime limit, a token
   * cannot change who the caller is. A service-account token carries no scopes, so for it only an
   * McpScope that names its service account counts (one it is refused for its lifetime alone).
   */
  public static List<String> stepUp(Principal caller, List<String> scopes, RoutingTable table) {
    List<String> hint = new ArrayList<>();
    for (String scope : scopes) {
      ScopeConfig rule = table.scopeRule(scope);
      if (caller.kubernetes()) {
        if (rule != null
            && rule.subjects() != null
            && caller.serviceAccount() != null
            && rule.subjects().serviceAccounts().contains(caller.serviceAccount())) {
          hint.add(scope);
        }
      } else if (rule == null || rule.subjects() == null || admits(rule.subjects(), caller)) {
        hint.add(scope);
      }
    }
    return hint;
  }

  private static boolean admits(ScopeConfig.SubjectsConfig subjects, Principal caller) {
    if (subjects.isUnrestricted()) {
      return true;
    }
    for (String group : subjects.groups()) {
      if (caller.groups().contains(group)) {
        return true;
      }
    }
    if (caller.clientId() != null && subjects.clientIds().contains(caller.clientId())) {
      return true;
    }
    return caller.serviceAccount() != null
        && subjects.serviceAccounts().contains(caller.serviceAccount());
  }
}
