package dev.toolgate.operator.config;

import dev.toolgate.api.ToolgateNames;
import dev.toolgate.api.compiler.CompilerSettings;
import dev.toolgate.api.compiler.ConfigBudget;
import dev.toolgate.api.config.AuthConfig;
import dev.toolgate.api.config.UpstreamAddressPolicy;
import dev.toolgate.operator.model.WorkerSettings;
import dev.toolgate.operator.validation.PlatformPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * How one operator process runs.
 *
 * @param namespace the operator's namespace: the McpGateway, its ConfigMap and the leader Lease
 *     live here
 * @param watchNamespaces where McpTools and McpScopes are watched; empty means all namespaces
 * @param worker what worker objects need to know about the cluster
 * @param auth the gateway's auth settings, copied into the config; {@code null} leaves them to the
 *     gateway
 * @param leaderElection whether to take the Lease before reconciling (on for more than one replica)
 * @param lease the Lease's name and timings
 * @param httpPort the port of {@code /metrics}, {@code /healthz} and {@code /readyz}; 0 picks one
 * @param identity this replica's name in the Lease and in events
 * @param ciliumRecheck how often a missing Cilium CRD is looked for again
 * @param boundaries where remote servers may be, how long calls may take, how large the config may
 *     grow (defaults for what the McpGateway's spec leaves out)
 * @param mcpGateway the name of the McpGateway in {@code namespace} this operator compiles for
 * @param redactionKeyFile the redaction key the gateway shares, which the values of Secrets
 *     McpTools redact are fingerprinted with; {@code null} when none, and then such McpTools are
 *     not routed
 * @param platform what every worker is held to beyond its spec (image digests, the Secrets its env
 *     may read)
 */
public record OperatorSettings(
    String namespace,
    Set<String> watchNamespaces,
    WorkerSettings worker,
    AuthConfig auth,
    boolean leaderElection,
    LeaseSettings lease,
    int httpPort,
    String identity,
    Duration ciliumRecheck,
    Boundaries boundaries,
    String mcpGateway,
    Path redactionKeyFile,
    PlatformPolicy platform) {

  public OperatorSettings {
    watchNamespaces = Set.copyOf(watchNamespaces);
    if (watchNamespaces.contains(ToolgateNames.NEVER_SERVED_NAMESPACE)) {
      throw new IllegalArgumentException(
          "--watch-namespaces: "
              + ToolgateNames.NEVER_SERVED_NAMESPACE
              + " is never served (the cluster's own components run there); leave it out");
    }
  }

  /**
   * @throws IllegalArgumentException when a CIDR or allow-list entry cannot be read
   */
  public CompilerSettings compilerSettings() {
    return new CompilerSettings(
        worker.clusterDomain(),
        auth,
        UpstreamAddressPolicy.strict(
            worker.clusterDomain(),
            boundaries.serviceCidrs(),
            boundaries.podCidrs(),
            boundaries.remoteUrlAllow()),
        boundaries.maxToolTimeout(),
        boundaries.configBudget());
  }

  /**
   * What the compiler holds McpTools to beyond their own spec.
   *
   * @param serviceCidrs the cluster's Service ranges: no remote server there
   * @param podCidrs the cluster's Pod ranges: no remote server there
   * @param remoteUrlAllow hosts and CIDRs a remote server may use despite the address rules
   * @param maxToolTimeout the longest per-call timeout; longer ones are cut to it
   * @param configBudget bytes of config per namespace and in total
   */
  public record Boundaries(
      List<String> serviceCidrs,
      List<String> podCidrs,
      List<String> remoteUrlAllow,
      Duration maxToolTimeout,
      ConfigBudget configBudget) {

    public Boundaries {
      serviceCidrs = List.copyOf(serviceCidrs);
      podCidrs = List.copyOf(podCidrs);
      remoteUrlAllow = List.copyOf(remoteUrlAllow);
    }

    public static Boundaries defaults() {
      return new Boundaries(
          UpstreamAddressPolicy.DEFAULT_SERVICE_CIDRS,
          UpstreamAddressPolicy.DEFAULT_POD_CIDRS,
          List.of(),
          CompilerSettings.DEFAULT_MAX_TIMEOUT,
          ConfigBudget.defaults());
    }

    public Boundaries withRemoteUrlAllow(List<String> allow) {
      return new Boundaries(serviceCidrs, podCidrs, allow, maxToolTimeout, configBudget);
    }
  }

  public OperatorSettings withBoundaries(Boundaries newBoundaries) {
    return withTail(newBoundaries, mcpGateway, redactionKeyFile, platform);
  }

  public OperatorSettings withMcpGateway(String name) {
    return withTail(boundaries, name, redactionKeyFile, platform);
  }

  public OperatorSettings withRedactionKeyFile(Path file) {
    return withTail(boundaries, mcpGateway, file, platform);
  }

  public OperatorSettings withPlatform(PlatformPolicy policy) {
    return withTail(boundaries, mcpGateway, redactionKeyFile, policy);
  }

  /** A copy with the components the withers set, written out once. */
  private OperatorSettings withTail(
      Boundaries newBoundaries, String name, Path file, PlatformPolicy policy) {
    return new OperatorSettings(
        namespace,
        watchNamespaces,
        worker,
        auth,
        leaderElection,
        lease,
        httpPort,
        identity,
        ciliumRecheck,
        newBoundaries,
        name,
        file,
        policy);
  }

  /**
   * @param name the Lease's name
   * @param duration how long a leader's claim lasts without renewal
   * @param renewDeadline how long the leader tries to renew before it gives up
   * @param retryPeriod how often candidates try to take the Lease
   * @param exitOnLoss end the process when leadership is lost, so no two replicas ever reconcile at
   *     once; only tests that run several operators in one JVM turn this off
   */
  public record LeaseSettings(
      String name,
      Duration duration,
      Duration renewDeadline,
      Duration retryPeriod,
      boolean exitOnLoss) {

    public static LeaseSettings defaults() {
      return new LeaseSettings(
          "toolgate-operator",
          Duration.ofSeconds(15),
          Duration.ofSeconds(10),
          Duration.ofSeconds(2),
          true);
    }
  }
}
