package dev.toolgate.operator.status;

import static dev.toolgate.operator.status.ConditionStatus.FALSE;
import static dev.toolgate.operator.status.ConditionStatus.TRUE;

import dev.toolgate.api.ToolgateNames;
import dev.toolgate.api.compiler.SchemaPins;
import dev.toolgate.api.config.ToolConfig;
import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.api.v1alpha1.ExposedTool;
import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.operator.routing.GatewayVerdict.SchemaSighting;
import dev.toolgate.operator.routing.ToolRoute;
import dev.toolgate.operator.status.ConditionTypes.Reasons;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An McpTool's {@code status.tools}: the tools its spec exposes (name, exposed name, scopes) and,
 * for every tool whose definition the gateway reported, the schema hash, when it was first seen,
 * and the approved hash when the tool is pinned ({@link SchemaPins}). The gateway reports only what
 * is new to the config, so what the status holds is carried over and updated, never rebuilt from
 * the report alone.
 */
final class ToolSchemas {

  private ToolSchemas() {}

  /** The tools of the status, sorted by name; {@code null} when there are none. */
  static List<ExposedTool> tools(McpTool tool, Optional<ToolRoute> route, Clock clock) {
    if (route.isEmpty()) {
      // Before the first compile (a restart): the tools as they stand; nothing was reported.
      return tool.getStatus() == null ? null : tool.getStatus().getTools();
    }
    Map<String, ExposedTool> previous = new TreeMap<>();
    if (tool.getStatus() != null && tool.getStatus().getTools() != null) {
      tool.getStatus().getTools().stream()
          .filter(t -> t.getName() != null)
          .forEach(t -> previous.put(t.getName(), t));
    }
    UpstreamConfig upstream = route.map(ToolRoute::upstream).orElse(null);
    TreeMap<String, ExposedTool> next = new TreeMap<>();
    if (upstream != null) {
      for (ToolConfig config : upstream.tools()) {
        next.put(
            config.name(),
            new ExposedTool(config.name(), config.exposedName(), List.copyOf(config.scopes())));
      }
    }
    previous.values().stream()
        .filter(t -> t.getSchemaHash() != null)
        .forEach(
            t -> {
              ExposedTool entry = next.computeIfAbsent(t.getName(), n -> bare(n, t, upstream));
              entry.setSchemaHash(t.getSchemaHash());
              entry.setFirstSeen(t.getFirstSeen());
            });
    String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    for (SchemaSighting sighting : sightings(route)) {
      ExposedTool entry =
          next.computeIfAbsent(
              sighting.tool(), n -> bare(n, previous.get(sighting.tool()), upstream));
      if (sighting.schemaHash() == null) {
        entry.setSchemaHash(null);
        entry.setFirstSeen(null);
      } else if (!sighting.schemaHash().equals(entry.getSchemaHash())) {
        entry.setSchemaHash(sighting.schemaHash());
        entry.setFirstSeen(now);
      }
    }
    SchemaPins pins = SchemaPins.of(tool);
    List<ExposedTool> tools = new ArrayList<>();
    for (ExposedTool entry : next.values()) {
      ExposedTool before = previous.get(entry.getName());
      entry.setPinnedSchemaHash(
          pins.pin(
              entry.getName(),
              before == null ? null : before.getPinnedSchemaHash(),
              entry.getSchemaHash()));
      boolean fromSpec = upstream != null && upstream.tool(entry.getName()).isPresent();
      boolean known = entry.getSchemaHash() != null || entry.getPinnedSchemaHash() != null;
      if (fromSpec || known) {
        tools.add(entry);
      }
    }
    return tools.isEmpty() ? null : tools;
  }

  /**
   * {@code SchemasApproved}, only for an McpTool that pins something: False with reason {@code
   * SchemaDrift} naming each drifted tool, both hashes and how to approve the new definition.
   */
  static Optional<DesiredCondition> approved(
      McpTool tool, List<ExposedTool> tools, long generation) {
    SchemaPins pins = SchemaPins.of(tool);
    List<ExposedTool> pinned =
        tools == null
            ? List.of()
            : tools.stream().filter(t -> t.getPinnedSchemaHash() != null).toList();
    if (!pins.pinsAll() && pinned.isEmpty()) {
      return Optional.empty();
    }
    List<String> drifts = new ArrayList<>();
    for (ExposedTool t : pinned) {
      if (t.drifted()) {
        drifts.add(describeDrift(tool, t));
      }
    }
    if (!drifts.isEmpty()) {
      return Optional.of(
          new DesiredCondition(
              ConditionTypes.SCHEMAS_APPROVED,
              FALSE,
              Reasons.SCHEMA_DRIFT,
              String.join("; ", drifts),
              generation));
    }
    return Optional.of(
        new DesiredCondition(
            ConditionTypes.SCHEMAS_APPROVED,
            TRUE,
            Reasons.APPROVED,
            pinned.size()
                + (pinned.size() == 1 ? " pinned tool lists its" : " pinned tools list their")
                + " approved definition",
            generation));
  }

  private static String describeDrift(McpTool tool, ExposedTool t) {
    boolean explicit =
        tool.getSpec() != null
            && tool.getSpec().getTools() != null
            && tool.getSpec().getTools().stream()
                .anyMatch(p -> t.getName().equals(p.getName()) && p.getSchemaHash() != null);
    String approve =
        explicit
            ? "set spec.tools[" + t.getName() + "].schemaHash to " + t.getSchemaHash()
            : "kubectl annotate mcptool "
                + tool.getMetadata().getName()
                + " "
                + ToolgateNames.APPROVE_SCHEMAS_ANNOTATION
                + "="
                + t.getName()
                + "="
                + t.getSchemaHash()
                + " --overwrite";
    return "tool "
        + t.getName()
        + " now lists definition "
        + t.getSchemaHash()
        + ", not the approved "
        + t.getPinnedSchemaHash()
        + ": the gateway withholds it from tools/list and refuses tools/call; to approve the new"
        + " definition, "
        + approve;
  }

  private static List<SchemaSighting> sightings(Optional<ToolRoute> route) {
    return route.map(ToolRoute::gateway).map(g -> g.schemas()).orElse(List.of());
  }

  /** An entry for a tool the spec does not list (found through exposeAll, or pinned only). */
  private static ExposedTool bare(String name, ExposedTool before, UpstreamConfig upstream) {
    String exposed =
        upstream != null && upstream.exposesAll()
            ? upstream.exposedName(name)
            : before == null ? null : before.getExposedName();
    return new ExposedTool(name, exposed, null);
  }
}
