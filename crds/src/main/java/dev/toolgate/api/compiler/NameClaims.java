package dev.toolgate.api.compiler;

import dev.toolgate.api.ToolgateNames;
import dev.toolgate.api.v1alpha1.McpScope;
import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.api.v1alpha1.McpToolSpec;
import dev.toolgate.api.v1alpha1.ToolPolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Who owns which name. Resources claim in {@link #CLAIM_ORDER} (oldest first): a tool prefix
 * belongs to the first McpTool that claims it; a scope string belongs to the namespace of its first
 * claimant, and a scope string {@code <prefix>.<anything>} to the namespace of the prefix's owner
 * once it has one; within that namespace, one McpScope declares it. Claims come from the spec
 * alone, valid or not, so an owner whose spec is briefly broken (or over budget) keeps its names.
 * An McpTool that loses its prefix claims nothing else.
 */
final class NameClaims {

  /** By creationTimestamp, then namespace/name; resources without one (tests) come last. */
  static final Comparator<HasMetadata> CLAIM_ORDER =
      Comparator.comparing(NameClaims::created, Comparator.nullsLast(Comparator.naturalOrder()))
          .thenComparing((HasMetadata r) -> nullToEmpty(r.getMetadata().getNamespace()))
          .thenComparing(r -> nullToEmpty(r.getMetadata().getName()))
          .thenComparing(r -> nullToEmpty(r.getKind()));

  private final Map<String, ResourceRef> prefixOwners = new HashMap<>();
  private final Map<String, ResourceRef> scopeOwners = new HashMap<>();
  private final Map<String, ResourceRef> scopeDeclarers = new HashMap<>();
  private final Map<ResourceRef, ResourceRef> lostPrefix = new HashMap<>();
  private final Map<ResourceRef, Map<String, ResourceRef>> lostScopes = new HashMap<>();

  private NameClaims() {}

  /**
   * @param claimOrder every McpTool and McpScope, sorted by {@link #CLAIM_ORDER}
   */
  static NameClaims of(List<HasMetadata> claimOrder) {
    NameClaims claims = new NameClaims();
    for (HasMetadata resource : claimOrder) {
      ResourceRef ref = ResourceRef.of(resource);
      if (resource instanceof McpTool tool) {
        claims.claimTool(ref, tool);
      } else if (resource instanceof McpScope scope
          && scope.getSpec() != null
          && scope.getSpec().getScope() != null) {
        String string = scope.getSpec().getScope();
        claims.claimScope(ref, string);
        if (claims.scopeTakenBy(ref, string).isEmpty()) {
          ResourceRef earlier = claims.scopeDeclarers.putIfAbsent(string, ref);
          if (earlier != null) {
            claims.lostScopes.computeIfAbsent(ref, r -> new HashMap<>()).put(string, earlier);
          }
        }
      }
    }
    return claims;
  }

  private void claimTool(ResourceRef ref, McpTool tool) {
    McpToolSpec spec = tool.getSpec();
    if (spec == null) {
      return;
    }
    String prefix = prefixOf(tool);
    if (!Checks.PREFIX.matcher(prefix).matches()) {
      return;
    }
    ResourceRef owner = prefixOwners.putIfAbsent(prefix.toLowerCase(Locale.ROOT), ref);
    if (owner != null && !owner.equals(ref)) {
      lostPrefix.put(ref, owner);
      return;
    }
    List<ToolPolicy> policies = spec.getTools() == null ? List.of() : spec.getTools();
    for (ToolPolicy policy : policies) {
      if (policy.getName() == null) {
        continue;
      }
      if (policy.getScopes() == null || policy.getScopes().isEmpty()) {
        claimScope(ref, ToolgateNames.defaultScope(prefix, policy.getName()));
      } else {
        policy.getScopes().stream().filter(s -> s != null).forEach(s -> claimScope(ref, s));
      }
    }
  }

  private void claimScope(ResourceRef ref, String scope) {
    Optional<ResourceRef> owner = ownerOf(scope);
    if (owner.isEmpty()) {
      scopeOwners.put(scope, ref);
    } else if (!owner.get().namespace().equals(ref.namespace())) {
      lostScopes.computeIfAbsent(ref, r -> new HashMap<>()).putIfAbsent(scope, owner.get());
    }
  }

  /** The scope's first claimant, or the owner of the prefix it is written under. */
  private Optional<ResourceRef> ownerOf(String scope) {
    ResourceRef owner = scopeOwners.get(scope);
    if (owner != null) {
      return Optional.of(owner);
    }
    int dot = scope.indexOf('.');
    return dot <= 0
        ? Optional.empty()
        : Optional.ofNullable(prefixOwners.get(scope.substring(0, dot).toLowerCase(Locale.ROOT)));
  }

  /** The McpTool that owns the prefix {@code tool} claims, when that is another one. */
  Optional<ResourceRef> prefixTakenBy(ResourceRef tool) {
    return Optional.ofNullable(lostPrefix.get(tool));
  }

  /**
   * Who owns {@code scope} when {@code claimant} may not use it: a resource in another namespace,
   * or (for an McpScope) the McpScope that declared it first.
   */
  Optional<ResourceRef> scopeTakenBy(ResourceRef claimant, String scope) {
    return Optional.ofNullable(lostScopes.getOrDefault(claimant, Map.of()).get(scope));
  }

  static String prefixOf(McpTool tool) {
    String prefix = tool.getSpec() == null ? null : tool.getSpec().getToolPrefix();
    return prefix == null ? tool.getMetadata().getName() : prefix;
  }

  private static Instant created(HasMetadata resource) {
    String timestamp = resource.getMetadata().getCreationTimestamp();
    if (timestamp == null) {
      return null;
    }
    try {
      return Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }
}
