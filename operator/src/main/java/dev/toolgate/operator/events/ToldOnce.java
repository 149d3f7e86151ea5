package dev.toolgate.operator.events;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The resourceVersion each thing was last told for, so it is told once per version of its resource:
 * two reconciles can read the same cached object before the first one's status patch reaches the
 * cache, and the second must not say it again. Remembers the most recent 10,000.
 */
final class ToldOnce {

  private static final int REMEMBERED = 10_000;

  private final Map<String, String> told =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
              return size() > REMEMBERED;
            }
          });

  /** Whether {@code what} about this version of {@code resource} is new; remembers it. */
  boolean first(HasMetadata resource, String what) {
    String key = resource.getMetadata().getUid() + "/" + what;
    String version = String.valueOf(resource.getMetadata().getResourceVersion());
    return !version.equals(told.put(key, version));
  }
}
