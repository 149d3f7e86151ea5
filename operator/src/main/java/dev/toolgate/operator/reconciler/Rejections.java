package dev.toolgate.operator.reconciler;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tells an API server that refuses an object (400 Bad Request, 422 Invalid: retrying changes
 * nothing) from failures worth retrying (conflicts, timeouts, 5xx, admission denials).
 */
final class Rejections {

  private Rejections() {}

  /** The rejection, when every failure in {@code e} is one. */
  static Optional<KubernetesClientException> find(Throwable e) {
    List<Throwable> failures = new ArrayList<>();
    if (e instanceof AggregatedOperatorException aggregated) {
      failures.addAll(aggregated.getAggregatedExceptions().values());
    } else {
      failures.add(e);
    }
    KubernetesClientException first = null;
    for (Throwable failure : failures) {
      Optional<KubernetesClientException> rejection = rejection(failure);
      if (rejection.isEmpty()) {
        return Optional.empty();
      }
      first = first == null ? rejection.get() : first;
    }
    return Optional.ofNullable(first);
  }

  private static Optional<KubernetesClientException> rejection(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException k
          && (k.getCode() == 400 || k.getCode() == 422)
          // An admission policy may change or go away: that is retried and shown on Ready.
          && !ApplyFailures.isAdmissionDenial(k)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  static String describe(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return e.getStatus().getMessage();
    }
    return e.getMessage();
  }
}
