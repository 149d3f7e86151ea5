package dev.toolgate.operator.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.toolgate.api.config.GatewayConfigCodec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A content hash of everything that configures the worker process. It is stamped on the pod
 * template, so any change to it rolls the pods, and {@code kubectl get deploy -o yaml} shows which
 * configuration a pod runs. Field order and map order cannot change it: the JSON is canonical.
 */
public final class WorkerConfigHash {

  private static final ObjectMapper CANONICAL =
      JsonMapper.builder()
          .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
          .build();

  private WorkerConfigHash() {}

  public static String of(WorkerSpec worker) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("image", worker.image());
    config.put("port", worker.port());
    config.put("path", worker.path());
    config.put("env", worker.env());
    config.put("resources", worker.resources());
    config.put("runtimeClassName", worker.runtimeClassName());
    config.put("writablePaths", worker.writablePaths());
    try {
      return GatewayConfigCodec.hash(CANONICAL.writeValueAsString(config));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a worker spec always serializes", e);
    }
  }
}
