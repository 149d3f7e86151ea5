package dev.toolgate.operator.events;

import dev.toolgate.api.v1alpha1.ExposedTool;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Normal event when an unpinned tool's definition changes, so the change is never silent: the
 * gateway serves the new definition and tells its connected clients, and {@code kubectl get events}
 * tells people. (A pinned tool's change is drift, told by a Warning through its condition.)
 */
public final class SchemaChangeEvents {

  private static final int REMEMBERED = 10_000;

  /** Where events go: the {@link EventRecorder}, or a list in tests. */
  interface Sink {
    void normal(HasMetadata resource, EventReason reason, String action, String note);
  }

  private final Sink sink;

  /** The resourceVersion each change was told for, so two reconciles of one object tell it once. */
  private final Map<String, String> told =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
              return size() > REMEMBERED;
            }
          });

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
      String key =
          resource.getMetadata().getUid() + "/" + now.getName() + "/" + now.getSchemaHash();
      String version = String.valueOf(resource.getMetadata().getResourceVersion());
      if (version.equals(told.put(key, version))) {
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
