package dev.toolgate.operator.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.api.v1alpha1.ExposedTool;
import dev.toolgate.api.v1alpha1.McpTool;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaChangeEventsTest {

  private static final String A = "sha256:" + "a".repeat(64);
  private static final String B = "sha256:" + "b".repeat(64);

  private final List<String> told = new ArrayList<>();
  private final SchemaChangeEvents events =
      new SchemaChangeEvents((resource, reason, action, note) -> told.add(reason + ": " + note));

  private static McpTool tool(String resourceVersion) {
    McpTool tool = new McpTool();
    tool.setMetadata(
        new ObjectMetaBuilder()
            .withName("docs")
            .withNamespace("tools")
            .withUid("u1")
            .withResourceVersion(resourceVersion)
            .build());
    return tool;
  }

  private static ExposedTool seen(String name, String hash, String pinned) {
    ExposedTool tool = new ExposedTool(name, "docs." + name, null);
    tool.setSchemaHash(hash);
    tool.setPinnedSchemaHash(pinned);
    return tool;
  }

  @Test
  void anUnpinnedToolsChangeIsToldOnceWithBothHashes() {
    events.tellChanges(
        tool("1"), List.of(seen("search", A, null)), List.of(seen("search", B, null)));
    events.tellChanges(
        tool("1"), List.of(seen("search", A, null)), List.of(seen("search", B, null)));

    assertThat(told).singleElement().asString().startsWith("SchemaChanged: ").contains(A, B);
  }

  @Test
  void aFirstSightingAPinnedToolAndNoChangeAreNotToldHere() {
    events.tellChanges(tool("1"), List.of(), List.of(seen("search", A, null)));
    events.tellChanges(tool("2"), List.of(seen("search", A, A)), List.of(seen("search", B, A)));
    events.tellChanges(
        tool("3"), List.of(seen("search", A, null)), List.of(seen("search", A, null)));

    assertThat(told).isEmpty();
  }
}
