package dev.toolgate.operator.events;

import dev.toolgate.api.v1alpha1.ExposedTool;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Objects;

/**
 * A Normal event when an unpinned tool's definition changes, so the change is never silent: the
 * gateway serves the new definition and tells its connected clients, and {@code kubectl get events}
 * tells people. (A pinned tool's change is drift, told by a Warning through its condition.)
 */
public final class SchemaChangeEvents {

  /** Where events go: the {@link EventRecorder}, or a list in tests. */
  interface Sink {
    void normal(HasMetadata resource, EventReason reason, String action, String note);
  }

  private final Sink sink;

  private final ToldOnce told = new ToldOnce();

  public SchemaChangeEvents(EventRecorder recorder) {
    this(recorder::normal);
  }

  SchemaChangeEvents(Sink sink) {
    this.sink = sink;
  }

  /** Tells each unpinned tool whose recorded schema hash moved from one value to another. */
  public void tellChanges(HasMetadata resource, List<ExposedTool> before, List<ExposedTool> after) {
    if (before == null || after == null) {
      return;
    }
    for (ExposedTool now : after) {
      ExposedTool then =
          before.stream()
              .filter(t -> Objects.equals(t.getName(), now.getName()))
              .findFirst()
              .orElse(null);
      if (then == null
          || then.getSchemaHash() == null
          || now.getSchemaHash() == null
          || then.getSchemaHash().equals(now.getSchemaHash())
          || now.getPinnedSchemaHash() != null) {
        continue;
      }
      if (!told.first(resource, "schema/" + now.getName() + "/" + now.getSchemaHash())) {
        continue;
      }
      sink.normal(
          resource,
          EventReason.SchemaChanged,
          "Discover",
          "tool "
              + now.getName()
              + " changed its definition from "
              + then.getSchemaHash()
              + " to "
              + now.getSchemaHash()
              + "; it is not pinned, so the gateway serves the new definition and sends"
              + " notifications/tools/list_changed to its connected clients");
    }
  }
}
