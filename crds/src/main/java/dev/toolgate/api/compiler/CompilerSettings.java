package dev.toolgate.api.compiler;

import dev.toolgate.api.ToolgateNames;
import dev.toolgate.api.config.AuthConfig;
import dev.toolgate.api.config.UpstreamAddressPolicy;
import java.time.Duration;

/**
 * What the compiler needs beyond the resources.
 *
 * @param clusterDomain the cluster's DNS domain, used in worker URLs
 * @param auth the gateway's auth settings, copied into the config; may be {@code null}
 * @param upstreamAddresses where remote servers may be ({@code spec.remote.url})
 * @param maxTimeout the longest per-call timeout a tool may set; longer ones are cut to it
 * @param budget how many bytes of config a namespace and all of them together may take
 */
public record CompilerSettings(
    String clusterDomain,
    AuthConfig auth,
    UpstreamAddressPolicy upstreamAddresses,
    Duration maxTimeout,
    ConfigBudget budget) {

  public static final Duration DEFAULT_MAX_TIMEOUT = Duration.ofMinutes(5);

  /** The defaults for everything but the domain and auth. */
  public CompilerSettings(String clusterDomain, AuthConfig auth) {
    this(
        clusterDomain,
        auth,
        UpstreamAddressPolicy.strict(clusterDomain),
        DEFAULT_MAX_TIMEOUT,
        ConfigBudget.defaults());
  }

  public static CompilerSettings defaults() {
    return new CompilerSettings(ToolgateNames.DEFAULT_CLUSTER_DOMAIN, null);
  }

  public CompilerSettings withUpstreamAddresses(UpstreamAddressPolicy policy) {
    return new CompilerSettings(clusterDomain, auth, policy, maxTimeout, budget);
  }

  public CompilerSettings withMaxTimeout(Duration bound) {
    return new CompilerSettings(clusterDomain, auth, upstreamAddresses, bound, budget);
  }

  public CompilerSettings withBudget(ConfigBudget newBudget) {
    return new CompilerSettings(clusterDomain, auth, upstreamAddresses, maxTimeout, newBudget);
  }
}
