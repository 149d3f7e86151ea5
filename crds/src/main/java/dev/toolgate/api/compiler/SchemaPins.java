package dev.toolgate.api.compiler;

import dev.toolgate.api.ToolgateNames;
import dev.toolgate.api.config.ToolSchema;
import dev.toolgate.api.v1alpha1.ExposedTool;
import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.api.v1alpha1.ToolPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Which definition of each tool an McpTool approves, one rule for the compiler (what the gateway
 * enforces) and the operator's status (what users read): {@code spec.tools[].schemaHash} first;
 * else, with {@code pinSchemas: true}, the hash the {@value
 * ToolgateNames#APPROVE_SCHEMAS_ANNOTATION} annotation names for the tool, else the pin the status
 * recorded, else the first hash seen.
 */
public final class SchemaPins {

  private static final Pattern HASH = Pattern.compile(ToolPolicy.SCHEMA_HASH);
  private static final Pattern ENTRY =
      Pattern.compile("([A-Za-z0-9_.-]{1,128})=(sha256:[0-9a-f]{64})");

  private final McpTool tool;
  private final Map<String, String> approvals = new TreeMap<>();
  private final List<String> problems = new ArrayList<>();

  private SchemaPins(McpTool tool) {
    this.tool = tool;
    String annotation =
        tool.getMetadata().getAnnotations() == null
            ? null
            : tool.getMetadata().getAnnotations().get(ToolgateNames.APPROVE_SCHEMAS_ANNOTATION);
    if (annotation != null) {
      for (String entry : annotation.split("[,\\s]+")) {
        if (entry.isEmpty()) {
          continue;
        }
        var matcher = ENTRY.matcher(entry);
        if (matcher.matches()) {
          approvals.put(matcher.group(1), matcher.group(2));
        } else {
          problems.add("'" + entry + "' is not <tool>=sha256:<64 hex digits>; it approves nothing");
        }
      }
    }
  }

  public static SchemaPins of(McpTool tool) {
    return new SchemaPins(tool);
  }

  /** Whether the McpTool pins every tool to the first definition seen. */
  public boolean pinsAll() {
    return tool.getSpec() != null && Boolean.TRUE.equals(tool.getSpec().getPinSchemas());
  }

  /** Entries of the approval annotation that approve nothing, described. */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  /**
   * The approved hash of a tool, {@code null} when it is not pinned.
   *
   * @param recorded the pin the status holds for it, or {@code null}
   * @param seen the hash the status records as listed, or {@code null}
   */
  public String pin(String name, String recorded, String seen) {
    String explicit = explicitPin(name);
    if (explicit != null) {
      return explicit;
    }
    if (!pinsAll()) {
      return null;
    }
    String approved = approvals.get(name);
    if (approved != null) {
      return approved;
    }
    return recorded != null ? recorded : seen;
  }

  private String explicitPin(String name) {
    if (tool.getSpec() == null || tool.getSpec().getTools() == null) {
      return null;
    }
    return tool.getSpec().getTools().stream()
        .filter(p -> name.equals(p.getName()))
        .map(ToolPolicy::getSchemaHash)
        .filter(h -> h != null && HASH.matcher(h).matches())
        .findFirst()
        .orElse(null);
  }

  /**
   * What the gateway config says of each tool's definition: the pin and the hash recorded in
   * status, for every tool that has either, sorted by name.
   */
  public List<ToolSchema> schemas() {
    Map<String, ExposedTool> recorded = new TreeMap<>();
    if (tool.getStatus() != null && tool.getStatus().getTools() != null) {
      tool.getStatus().getTools().stream()
          .filter(t -> t.getName() != null)
          .forEach(t -> recorded.put(t.getName(), t));
    }
    TreeMap<String, ToolSchema> schemas = new TreeMap<>();
    if (tool.getSpec() != null && tool.getSpec().getTools() != null) {
      for (ToolPolicy policy : tool.getSpec().getTools()) {
        if (policy.getName() != null && explicitPin(policy.getName()) != null) {
          schemas.put(policy.getName(), schema(policy.getName(), recorded.get(policy.getName())));
        }
      }
    }
    recorded.forEach(
        (name, status) -> {
          ToolSchema schema = schema(name, status);
          if (schema.pinned() != null || schema.seen() != null) {
            schemas.put(name, schema);
          }
        });
    return List.copyOf(schemas.values());
  }

  private ToolSchema schema(String name, ExposedTool status) {
    String seen = status == null ? null : status.getSchemaHash();
    String recordedPin = status == null ? null : status.getPinnedSchemaHash();
    return new ToolSchema(name, pin(name, recordedPin, seen), seen);
  }
}
