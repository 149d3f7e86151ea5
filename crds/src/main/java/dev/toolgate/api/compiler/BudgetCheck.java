package dev.toolgate.api.compiler;

import dev.toolgate.api.config.GatewayConfig;
import dev.toolgate.api.config.GatewayConfigCodec;
import dev.toolgate.api.config.ScopeConfig;
import dev.toolgate.api.config.UpstreamConfig;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the compiled config within its {@link ConfigBudget}. Each McpTool's upstream and each
 * McpScope's scope is an entry measured by its YAML; a namespace over its budget loses its newest
 * entries (claim order, so the oldest keep routing), then the whole config over the total budget
 * loses the newest entries overall. Dropping an entry only shrinks the others (fewer grants), so
 * the measured sizes are an upper bound for the config that is written.
 */
final class BudgetCheck {

  private record Entry(HasMetadata resource, ResourceRef ref, long bytes) {}

  private BudgetCheck() {}

  /**
   * @return the McpTools and McpScopes to leave out, each with a violation added
   */
  static Set<ResourceRef> overBudget(
      GatewayConfig config,
      List<HasMetadata> claimOrder,
      ConfigBudget budget,
      List<Violation> violations) {
    String yaml = GatewayConfigCodec.toYaml(config);
    long whole = yaml.getBytes(StandardCharsets.UTF_8).length;
    if (whole <= Math.min(budget.perNamespace(), budget.total())) {
      return Set.of();
    }
    List<ResourceRef> refs = new ArrayList<>();
    for (UpstreamConfig upstream : config.upstreams()) {
      refs.add(new ResourceRef("McpTool", upstream.namespace(), upstream.name()));
    }
    for (ScopeConfig scope : config.scopes()) {
      int slash = scope.source().indexOf('/');
      refs.add(
          new ResourceRef(
              "McpScope", scope.source().substring(0, slash), scope.source().substring(slash + 1)));
    }
    long[] measured = entrySizes(yaml, config, refs.size());
    Map<ResourceRef, Long> sizes = new HashMap<>();
    for (int i = 0; i < refs.size(); i++) {
      sizes.put(refs.get(i), measured[i]);
    }
    List<Entry> entries = new ArrayList<>();
    Map<String, List<Entry>> byNamespace = new LinkedHashMap<>();
    for (HasMetadata resource : claimOrder) {
      ResourceRef ref = ResourceRef.of(resource);
      Long size = sizes.get(ref);
      if (size != null) {
        Entry entry = new Entry(resource, ref, size);
        entries.add(entry);
        byNamespace.computeIfAbsent(ref.namespace(), ns -> new ArrayList<>()).add(entry);
      }
    }

    Set<ResourceRef> dropped = new LinkedHashSet<>();
    byNamespace.forEach(
        (namespace, own) -> {
          long used = own.stream().mapToLong(Entry::bytes).sum();
          if (used > budget.perNamespace()) {
            String why =
                "namespace "
                    + namespace
                    + " takes "
                    + used
                    + " bytes of the gateway config, above its budget of "
                    + budget.perNamespace()
                    + " bytes";
            dropNewest(own, used, budget.perNamespace(), why, dropped, violations);
          }
        });
    List<Entry> kept = entries.stream().filter(e -> !dropped.contains(e.ref())).toList();
    long total = (whole - sizes.values().stream().mapToLong(Long::longValue).sum());
    total = Math.max(total, 0) + kept.stream().mapToLong(Entry::bytes).sum();
    if (total > budget.total()) {
      String why =
          "the gateway config would take "
              + total
              + " bytes, above the total budget of "
              + budget.total()
              + " bytes";
      dropNewest(kept, total, budget.total(), why, dropped, violations);
    }
    return dropped;
  }

  private static void dropNewest(
      List<Entry> entries,
      long used,
      long limit,
      String why,
      Set<ResourceRef> dropped,
      List<Violation> violations) {
    for (int i = entries.size() - 1; i >= 0 && used > limit; i--) {
      Entry entry = entries.get(i);
      used -= entry.bytes();
      dropped.add(entry.ref());
      violations.add(
          new Violation(
              entry.ref(),
              "spec",
              why
                  + "; the newest McpTools and McpScopes are left out until it fits, this "
                  + entry.ref().kind()
                  + " ("
                  + entry.bytes()
                  + " bytes) among them",
              Violation.CONFIG_BUDGET_EXCEEDED));
    }
  }

  /**
   * The bytes of each list entry (upstreams, then scopes) in the config's YAML: an entry starts
   * with a line {@code "- "} at column 0 and runs to the next entry or top-level key. One
   * serialization measures the whole config; if the YAML ever looks different, each entry is
   * serialized on its own instead.
   */
  static long[] entrySizes(String yaml, GatewayConfig config, int entries) {
    long[] sizes = new long[entries];
    int seen = 0;
    boolean inEntry = false;
    for (String line : yaml.split("\n")) {
      if (line.startsWith("- ")) {
        seen++;
        inEntry = true;
      } else if (!line.isEmpty() && line.charAt(0) != ' ') {
        inEntry = false;
      }
      if (inEntry && seen <= entries) {
        sizes[seen - 1] += line.getBytes(StandardCharsets.UTF_8).length + 1;
      }
    }
    return seen == entries ? sizes : eachOnItsOwn(config);
  }

  private static long[] eachOnItsOwn(GatewayConfig config) {
    long empty = bytes(GatewayConfig.empty());
    List<Long> sizes = new ArrayList<>();
    for (UpstreamConfig upstream : config.upstreams()) {
      sizes.add(
          bytes(new GatewayConfig(GatewayConfig.CURRENT_VERSION, null, List.of(upstream), null))
              - empty);
    }
    for (ScopeConfig scope : config.scopes()) {
      sizes.add(
          bytes(new GatewayConfig(GatewayConfig.CURRENT_VERSION, null, null, List.of(scope)))
              - empty);
    }
    return sizes.stream().mapToLong(Long::longValue).toArray();
  }

  private static long bytes(GatewayConfig config) {
    return GatewayConfigCodec.toYaml(config).getBytes(StandardCharsets.UTF_8).length;
  }
}
