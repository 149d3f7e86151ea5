package dev.toolgate.operator.dependent;

import dev.toolgate.operator.model.CiliumNetworkPolicy;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the cluster has the CiliumNetworkPolicy CRD. Presence is remembered for good (removing
 * Cilium from a running cluster is not a case we chase); absence is checked again after {@code
 * recheckAfter}, so installing Cilium later takes effect without a restart.
 */
public final class CiliumSupport {

  private static final Logger log = LoggerFactory.getLogger(CiliumSupport.class);

  private final Duration recheckAfter;
  private final Clock clock;
  private boolean present;
  private Instant checkedAt;

  public CiliumSupport(Duration recheckAfter, Clock clock) {
    this.recheckAfter = recheckAfter;
    this.clock = clock;
  }

  public synchronized boolean isPresent(KubernetesClient client) {
    Instant now = clock.instant();
    if (present || (checkedAt != null && now.isBefore(checkedAt.plus(recheckAfter)))) {
      return present;
    }
    checkedAt = now;
    try {
      present =
          client
                  .resources(CustomResourceDefinition.class)
                  .withName(CiliumNetworkPolicy.CRD_NAME)
                  .get()
              != null;
      log.info("CRD {} {}", CiliumNetworkPolicy.CRD_NAME, present ? "found" : "not installed");
    } catch (KubernetesClientException e) {
      log.warn("Cannot read CRD {}: {}", CiliumNetworkPolicy.CRD_NAME, e.getMessage());
      present = false;
    }
    return present;
  }

  /** How long until an absent CRD is looked for again. */
  public Duration recheckAfter() {
    return recheckAfter;
  }
}
