package dev.toolgate.operator.model;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.Map;
import java.util.TreeMap;

/**
 * Requests and limits of a worker container. Every worker gets both, so a misbehaving server cannot
 * starve its node: the user's values win key by key over the defaults.
 */
public final class WorkerResources {

  public static final Map<String, Quantity> DEFAULT_REQUESTS =
      Map.of("cpu", new Quantity("50m"), "memory", new Quantity("64Mi"));
  public static final Map<String, Quantity> DEFAULT_LIMITS =
      Map.of("cpu", new Quantity("500m"), "memory", new Quantity("256Mi"));

  private WorkerResources() {}

  public static ResourceRequirements merge(ResourceRequirements user) {
    Map<String, Quantity> requests = new TreeMap<>(DEFAULT_REQUESTS);
    Map<String, Quantity> limits = new TreeMap<>(DEFAULT_LIMITS);
    Map<String, Quantity> userRequests = user == null ? null : user.getRequests();
    Map<String, Quantity> userLimits = user == null ? null : user.getLimits();
    if (userRequests != null) {
      requests.putAll(userRequests);
    }
    if (userLimits != null) {
      limits.putAll(userLimits);
    }
    // A request above a default limit the user did not set would be rejected by the API server;
    // the user asked for that much, so the default limit gives way.
    for (Map.Entry<String, Quantity> request : requests.entrySet()) {
      boolean userSetLimit = userLimits != null && userLimits.containsKey(request.getKey());
      Quantity limit = limits.get(request.getKey());
      if (!userSetLimit && limit != null && exceeds(request.getValue(), limit)) {
        limits.put(request.getKey(), request.getValue());
      }
    }
    // A limit below a default request the user did not set: the request gives way.
    for (Map.Entry<String, Quantity> limit : limits.entrySet()) {
      boolean userSetRequest = userRequests != null && userRequests.containsKey(limit.getKey());
      Quantity request = requests.get(limit.getKey());
      if (!userSetRequest && request != null && exceeds(request, limit.getValue())) {
        requests.put(limit.getKey(), limit.getValue());
      }
    }
    return new ResourceRequirementsBuilder().withRequests(requests).withLimits(limits).build();
  }

  /** {@code true} when {@code a > b}; both must be valid quantities of the same resource. */
  public static boolean exceeds(Quantity a, Quantity b) {
    return Quantity.getAmountInBytes(a).compareTo(Quantity.getAmountInBytes(b)) > 0;
  }
}
