package dev.toolgate.gateway;

import dev.toolgate.api.ToolgateNames;
import dev.toolgate.api.compiler.CompilerSettings;
import dev.toolgate.api.config.UpstreamAddressPolicy;
import dev.toolgate.api.settings.Setting;
import dev.toolgate.api.settings.SettingBinder;
import dev.toolgate.api.settings.SettingCatalog;
import dev.toolgate.api.settings.SettingType;
import dev.toolgate.gateway.audit.AuditOptions;
import dev.toolgate.gateway.auth.Authenticator;
import dev.toolgate.gateway.policy.PolicyOptions;
import dev.toolgate.gateway.transport.OriginPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a gateway runs: every setting once, with its flag, environment variable, type, default and
 * description ({@link #SETTINGS}, from which {@code --help} and the README tables are generated).
 * Flags win over the environment, the environment over defaults.
 *
 * @param allowedHosts Host/Origin patterns served (DNS rebinding protection), see {@link
 *     OriginPolicy}
 * @param adminPort the admin listener's port ({@code /metrics}, health), -1 for none
 * @param otelEnvironment the {@code OTEL_*} variables, which configure tracing (off unless they
 *     name an exporter endpoint; see {@code Tracing})
 */
public record GatewayOptions(
    String host,
    int port,
    int adminPort,
    int jwksPort,
    Path configFile,
    String configMap,
    List<String> allowedHosts,
    int maxRequestBytes,
    int maxResponseBytes,
    int maxConnections,
    int minRequestDataRate,
    Duration clientIdleTimeout,
    int maxSessions,
    int maxSessionsPerClient,
    int maxInitializeParamsBytes,
    Duration sessionIdleTimeout,
    Duration maxStreamLifetime,
    int maxStreamsPerWorker,
    int maxHeldMessages,
    Duration holdWindow,
    Duration maxToolTimeout,
    boolean selectorConnections,
    String clusterDomain,
    List<String> serviceCidrs,
    List<String> podCidrs,
    List<String> remoteUrlAllow,
    Duration catalogRefresh,
    Duration handshakeTimeout,
    boolean allowAnonymous,
    Duration identityKeyRotation,
    Path identityKeyFile,
    int maxVerifiedTokens,
    Authenticator.KeyPolicy keyPolicy,
    String mcpGateway,
    PolicyOptions policy,
    AuditOptions audit,
    Map<String, String> otelEnvironment) {

  /**
   * Every setting a user can give, in the order {@code --help} lists them: the gateway's own, then
   * {@link PolicyOptions#SETTINGS} and {@link AuditOptions#SETTINGS}. The group names the README
   * table that lists it.
   */
  private static final SettingBinder<GatewayOptions> BINDER =
      SettingBinder.<GatewayOptions>create()
          .bind(
              Setting.of("config", SettingType.path(), null, "dev mode: the compiled config file")
                  .inGroup("running"),
              GatewayOptions::withConfigFile)
          .bind(
              Setting.of(
                      "configmap",
                      SettingType.namespacedName(),
                      null,
                      "cluster mode: the operator's ConfigMap")
                  .inGroup("running"),
              GatewayOptions::withConfigMap)
          .bind(
              Setting.of(
                      "mcpgateway",
                      SettingType.namespacedName(),
                      null,
                      "cluster mode: the McpGateway whose status.gateway this gateway writes after"
                          + " each config load")
                  .defaultShownAs("the ConfigMap's namespace/" + ToolgateNames.DEFAULT_MCPGATEWAY)
                  .inGroup("running"),
              (o, v) -> o.with(b -> b.mcpGateway = v))
          .bind(
              Setting.of("host", SettingType.text(), "0.0.0.0", "address to listen on")
                  .inGroup("running"),
              GatewayOptions::withHost)
          .bind(
              Setting.of("port", SettingType.port(), 8080, "port to listen on").inGroup("running"),
              GatewayOptions::withPort)
          .bind(
              Setting.of(
                      "admin-port",
                      SettingType.integer(-1, 65535),
                      9090,
                      "port of the admin listener (Prometheus /metrics, /healthz, /readyz; never"
                          + " MCP), on the same address as --host; -1: none")
                  .inGroup("running"),
              GatewayOptions::withAdminPort)
          .bind(
              Setting.of(
                      "jwks-port",
                      SettingType.integer(-1, 65535),
                      -1,
                      "port of a listener that serves workers the identity keys"
                          + " (/.well-known/jwks.json) and nothing else, on the same address as"
                          + " --host; -1: none")
                  .inGroup("running"),
              GatewayOptions::withJwksPort)
          .bind(
              Setting.of(
                      "identity-key-file",
                      SettingType.path(),
                      null,
                      "PEM file of EC P-256 keys for workers' identity tokens, shared by every"
                          + " replica (the first signs, all are published, changes are picked up);"
                          + " without it each replica generates and rotates keys of its own")
                  .inGroup("running"),
              GatewayOptions::withIdentityKeyFile)
          .bind(
              Setting.of(
                      "allowed-hosts",
                      SettingType.list(),
                      OriginPolicy.LOOPBACK,
                      "Host/Origin values served (DNS rebinding protection); loopback names only"
                          + " by default: set the Service or ingress host in a cluster")
                  .inGroup("running"),
              GatewayOptions::withAllowedHosts)
          .bind(
              Setting.of(
                      "allow-anonymous",
                      SettingType.bool(),
                      false,
                      "DEVELOPMENT ONLY: while the config has no auth section, serve every caller"
                          + " without a token (logged loudly at start); without it such a gateway"
                          + " answers 401 to everything")
                  .asSwitch()
                  .inGroup("running"),
              GatewayOptions::withAllowAnonymous)
          .bind(
              Setting.of(
                      "max-request-bytes",
                      SettingType.integer(1, Integer.MAX_VALUE),
                      4 * 1024 * 1024,
                      "largest request body (buffered as it arrives: a declared length allocates"
                          + " nothing)")
                  .inGroup("limits"),
              GatewayOptions::withMaxRequestBytes)
          .bind(
              Setting.of(
                      "max-connections",
                      SettingType.integer(1, Integer.MAX_VALUE),
                      10_000,
                      "open client connections; more wait to be accepted")
                  .inGroup("limits"),
              (o, v) -> o.with(b -> b.maxConnections = v))
          .bind(
              Setting.of(
                      "min-request-data-rate",
                      SettingType.integer(0, Integer.MAX_VALUE),
                      1024,
                      "bytes per second a request body must arrive at (slow clients are cut off)")
                  .inGroup("limits"),
              (o, v) -> o.with(b -> b.minRequestDataRate = v))
          .bind(
              Setting.of(
                      "client-idle-timeout",
                      SettingType.positiveDuration(),
                      Duration.ofSeconds(60),
                      "a client connection that sends and receives nothing for this long is"
                          + " closed (GET streams get keep-alives every 15 s)")
                  .inGroup("limits"),
              GatewayOptions::withClientIdleTimeout)
          .bind(
              Setting.of(
                      "max-sessions",
                      SettingType.integer(1, Integer.MAX_VALUE),
                      20_000,
                      "sessions held at once, all clients together")
                  .inGroup("limits"),
              GatewayOptions::withMaxSessions)
          .bind(
              Setting.of(
                      "max-sessions-per-client",
                      SettingType.integer(1, Integer.MAX_VALUE),
                      1000,
                      "sessions one principal (issuer and subject) may hold; when anonymous, one"
                          + " client address (behind a proxy every anonymous client shares its"
                          + " address)")
                  .inGroup("limits"),
              GatewayOptions::withMaxSessionsPerClient)
          .bind(
              Setting.of(
                      "session-idle-timeout",
                      SettingType.positiveDuration(),
                      Duration.ofMinutes(30),
                      "a session without requests for this long ends, open stream or not; its"
                          + " worker sessions are ended with DELETE")
                  .inGroup("limits"),
              GatewayOptions::withSessionIdleTimeout)
          .bind(
              Setting.of(
                      "max-stream-lifetime",
                      SettingType.positiveDuration(),
                      Duration.ofMinutes(30),
                      "a GET stream ends cleanly after this long (clients reconnect, resuming"
                          + " with Last-Event-ID)")
                  .inGroup("limits"),
              GatewayOptions::withMaxStreamLifetime)
          .bind(
              Setting.of(
                      "max-streams-per-worker",
                      SettingType.integer(1, Integer.MAX_VALUE),
                      256,
                      "GET streams open to one worker (the gateway's listeners included), on a"
                          + " connection pool calls never share; a client that leaves frees its"
                          + " streams")
                  .inGroup("limits"),
              GatewayOptions::withMaxStreamsPerWorker)
          .bind(
              Setting.of(
                      "max-held-messages",
                      SettingType.integer(0, Integer.MAX_VALUE),
                      64,
                      "messages a worker sends before the client's stream attaches that the"
                          + " gateway holds per worker session (together at most the size of the"
                          + " largest response it relays); beyond, the worker waits")
                  .inGroup("limits"),
              GatewayOptions::withMaxHeldMessages)
          .bind(
              Setting.of(
                      "hold-window",
                      SettingType.positiveDuration(),
                      Duration.ofSeconds(30),
                      "how long the gateway listens to a worker's stream for a session whose"
                          + " client has not opened its own stream; then it closes it and drops"
                          + " what it held")
                  .inGroup("limits"),
              GatewayOptions::withHoldWindow)
          .bind(
              Setting.of(
                      "max-tool-timeout",
                      SettingType.positiveDuration(),
                      CompilerSettings.DEFAULT_MAX_TIMEOUT,
                      "upper bound of every call's timeout, whatever the config says (the"
                          + " operator's --max-tool-timeout has the same default)")
                  .inGroup("limits"),
              GatewayOptions::withMaxToolTimeout)
          .bind(
              Setting.of(
                      "selector-connections",
                      SettingType.bool(),
                      true,
                      "resume idle keep-alive connections without a thread hand-off"
                          + " (SelectorHttpConnectionFactory, built on Jetty internals; false:"
                          + " Jetty's stock connections)")
                  .inGroup("limits"),
              GatewayOptions::withSelectorConnections)
          .bind(
              Setting.of(
                      "cluster-domain",
                      SettingType.text(),
                      ToolgateNames.DEFAULT_CLUSTER_DOMAIN,
                      "cluster mode: the cluster's DNS domain (as the operator's)")
                  .inGroup("cluster"),
              (o, v) -> o.with(b -> b.clusterDomain = v))
          .bind(
              Setting.of(
                      "service-cidrs",
                      SettingType.list(),
                      UpstreamAddressPolicy.DEFAULT_SERVICE_CIDRS,
                      "cluster mode: Service ranges no remote upstream may point into (as the"
                          + " operator's)")
                  .inGroup("cluster"),
              (o, v) -> o.with(b -> b.serviceCidrs = v))
          .bind(
              Setting.of(
                      "pod-cidrs",
                      SettingType.list(),
                      UpstreamAddressPolicy.DEFAULT_POD_CIDRS,
                      "cluster mode: Pod ranges no remote upstream may point into (as the"
                          + " operator's)")
                  .inGroup("cluster"),
              (o, v) -> o.with(b -> b.podCidrs = v))
          .bind(
              Setting.of(
                      "remote-url-allow",
                      SettingType.list(),
                      List.of(),
                      "cluster mode: hosts and CIDRs remote upstreams may use despite the rules"
                          + " (as the operator's)")
                  .inGroup("cluster"),
              (o, v) -> o.with(b -> b.remoteUrlAllow = v))
          .include(PolicyOptions.SETTINGS, GatewayOptions::policy, (o, p) -> o.withPolicy(x -> p))
          .include(AuditOptions.SETTINGS, GatewayOptions::audit, (o, a) -> o.withAudit(x -> a));

  /** The gateway's settings: parsing, {@code --help} and the README tables come from these. */
  public static final SettingCatalog SETTINGS =
      new SettingCatalog("toolgate-gateway", BINDER.settings());

  /** Every setting at its default; the fields that are no setting get their fixed values here. */
  public static GatewayOptions defaults() {
    GatewayOptions fixed =
        new GatewayOptions(
            null,
            0,
            0,
            -1,
            null,
            null,
            List.of(),
            0,
            32 * 1024 * 1024,
            0,
            0,
            null,
            0,
            0,
            16 * 1024,
            null,
            null,
            0,
            0,
            null,
            null,
            false,
            null,
            List.of(),
            List.of(),
            List.of(),
            Duration.ofSeconds(30),
            Duration.ofSeconds(10),
            false,
            Duration.ofHours(1),
            null,
            100_000,
            null,
            null,
            PolicyOptions.defaults(),
            AuditOptions.defaults(),
            Map.of());
    return BINDER.apply(fixed, SETTINGS.defaults());
  }

  public GatewayOptions withHost(String value) {
    return with(b -> b.host = value);
  }

  public GatewayOptions withPort(int value) {
    return with(b -> b.port = value);
  }

  public GatewayOptions withJwksPort(int value) {
    return with(b -> b.jwksPort = value);
  }

  public GatewayOptions withIdentityKeyFile(Path value) {
    return with(b -> b.identityKeyFile = value);
  }

  public GatewayOptions withAdminPort(int value) {
    return with(b -> b.adminPort = value);
  }

  /** The {@code OTEL_*} variables tracing is configured from (the environment's by default). */
  public GatewayOptions withOtelEnvironment(Map<String, String> value) {
    return with(b -> b.otelEnvironment = Map.copyOf(value));
  }

  public GatewayOptions withConfigFile(Path value) {
    return with(b -> b.configFile = value);
  }

  public GatewayOptions withConfigMap(String value) {
    return with(b -> b.configMap = value);
  }

  public GatewayOptions withAllowedHosts(List<String> value) {
    return with(b -> b.allowedHosts = List.copyOf(value));
  }

  public GatewayOptions withMaxRequestBytes(int value) {
    return with(b -> b.maxRequestBytes = value);
  }

  public GatewayOptions withClientIdleTimeout(Duration value) {
    return with(b -> b.clientIdleTimeout = value);
  }

  public GatewayOptions withMaxSessions(int value) {
    return with(b -> b.maxSessions = value);
  }

  public GatewayOptions withMaxSessionsPerClient(int value) {
    return with(b -> b.maxSessionsPerClient = value);
  }

  public GatewayOptions withMaxStreamLifetime(Duration value) {
    return with(b -> b.maxStreamLifetime = value);
  }

  public GatewayOptions withMaxHeldMessages(int value) {
    return with(b -> b.maxHeldMessages = value);
  }

  public GatewayOptions withHoldWindow(Duration value) {
    return with(b -> b.holdWindow = value);
  }

  public GatewayOptions withMaxStreamsPerWorker(int value) {
    return with(b -> b.maxStreamsPerWorker = value);
  }

  public GatewayOptions withSessionIdleTimeout(Duration value) {
    return with(b -> b.sessionIdleTimeout = value);
  }

  public GatewayOptions withMaxToolTimeout(Duration value) {
    return with(b -> b.maxToolTimeout = value);
  }

  public GatewayOptions withSelectorConnections(boolean value) {
    return with(b -> b.selectorConnections = value);
  }

  /**
   * Serve callers without a token while no auth section is in force (development only; a config
   * with auth always requires tokens).
   */
  public GatewayOptions withAllowAnonymous(boolean value) {
    return with(b -> b.allowAnonymous = value);
  }

  /** How often the identity-token signing key rotates (not a flag). */
  public GatewayOptions withIdentityKeyRotation(Duration value) {
    return with(b -> b.identityKeyRotation = value);
  }

  /** How issuers' keys are fetched and cached (not a flag: tests fetch from loopback). */
  public GatewayOptions withKeyPolicy(Authenticator.KeyPolicy value) {
    return with(b -> b.keyPolicy = value);
  }

  /** The key policy in force: the given one, else the default HTTPS fetcher. */
  public Authenticator.KeyPolicy keyPolicy() {
    return keyPolicy == null ? Authenticator.KeyPolicy.defaults() : keyPolicy;
  }

  public GatewayOptions withCatalogRefresh(Duration value) {
    return with(b -> b.catalogRefresh = value);
  }

  /** A copy with the policy settings changed. */
  public GatewayOptions withPolicy(java.util.function.UnaryOperator<PolicyOptions> change) {
    return with(b -> b.policy = change.apply(b.policy));
  }

  /** A copy with the audit settings changed. */
  public GatewayOptions withAudit(java.util.function.UnaryOperator<AuditOptions> change) {
    return with(b -> b.audit = change.apply(b.audit));
  }

  /** A copy with some fields changed: every wither names its field once, here is the rest. */
  private GatewayOptions with(java.util.function.Consumer<Builder> change) {
    Builder b = new Builder(this);
    change.accept(b);
    return new GatewayOptions(
        b.host,
        b.port,
        b.adminPort,
        b.jwksPort,
        b.configFile,
        b.configMap,
        b.allowedHosts,
        b.maxRequestBytes,
        b.maxResponseBytes,
        b.maxConnections,
        b.minRequestDataRate,
        b.clientIdleTimeout,
        b.maxSessions,
        b.maxSessionsPerClient,
        b.maxInitializeParamsBytes,
        b.sessionIdleTimeout,
        b.maxStreamLifetime,
        b.maxStreamsPerWorker,
        b.maxHeldMessages,
        b.holdWindow,
        b.maxToolTimeout,
        b.selectorConnections,
        b.clusterDomain,
        b.serviceCidrs,
        b.podCidrs,
        b.remoteUrlAllow,
        b.catalogRefresh,
        b.handshakeTimeout,
        b.allowAnonymous,
        b.identityKeyRotation,
        b.identityKeyFile,
        b.maxVerifiedTokens,
        b.keyPolicy,
        b.mcpGateway,
        b.policy,
        b.audit,
        b.otelEnvironment);
  }

  /** The fields of an options record, mutable for the moment of one {@link #with} call. */
  private static final class Builder {
    String host;
    int port;
    int adminPort;
    int jwksPort;
    Path configFile;
    String configMap;
    List<String> allowedHosts;
    int maxRequestBytes;
    int maxResponseBytes;
    int maxConnections;
    int minRequestDataRate;
    Duration clientIdleTimeout;
    int maxSessions;
    int maxSessionsPerClient;
    int maxInitializeParamsBytes;
    Duration sessionIdleTimeout;
    Duration maxStreamLifetime;
    int maxStreamsPerWorker;
    int maxHeldMessages;
    Duration holdWindow;
    Duration maxToolTimeout;
    boolean selectorConnections;
    String clusterDomain;
    List<String> serviceCidrs;
    List<String> podCidrs;
    List<String> remoteUrlAllow;
    Duration catalogRefresh;
    Duration handshakeTimeout;
    boolean allowAnonymous;
    Duration identityKeyRotation;
    Path identityKeyFile;
    int maxVerifiedTokens;
    Authenticator.KeyPolicy keyPolicy;
    String mcpGateway;
    PolicyOptions policy;
    AuditOptions audit;
    Map<String, String> otelEnvironment;

    Builder(GatewayOptions o) {
      host = o.host;
      port = o.port;
      adminPort = o.adminPort;
      jwksPort = o.jwksPort;
      configFile = o.configFile;
      configMap = o.configMap;
      allowedHosts = o.allowedHosts;
      maxRequestBytes = o.maxRequestBytes;
      maxResponseBytes = o.maxResponseBytes;
      maxConnections = o.maxConnections;
      minRequestDataRate = o.minRequestDataRate;
      clientIdleTimeout = o.clientIdleTimeout;
      maxSessions = o.maxSessions;
      maxSessionsPerClient = o.maxSessionsPerClient;
      maxInitializeParamsBytes = o.maxInitializeParamsBytes;
      sessionIdleTimeout = o.sessionIdleTimeout;
      maxStreamLifetime = o.maxStreamLifetime;
      maxStreamsPerWorker = o.maxStreamsPerWorker;
      maxHeldMessages = o.maxHeldMessages;
      holdWindow = o.holdWindow;
      maxToolTimeout = o.maxToolTimeout;
      selectorConnections = o.selectorConnections;
      clusterDomain = o.clusterDomain;
      serviceCidrs = o.serviceCidrs;
      podCidrs = o.podCidrs;
      remoteUrlAllow = o.remoteUrlAllow;
      catalogRefresh = o.catalogRefresh;
      handshakeTimeout = o.handshakeTimeout;
      allowAnonymous = o.allowAnonymous;
      identityKeyRotation = o.identityKeyRotation;
      identityKeyFile = o.identityKeyFile;
      maxVerifiedTokens = o.maxVerifiedTokens;
      keyPolicy = o.keyPolicy;
      mcpGateway = o.mcpGateway;
      policy = o.policy;
      audit = o.audit;
      otelEnvironment = o.otelEnvironment;
    }
  }

  /**
   * Reads flags and environment.
   *
   * @throws IllegalArgumentException naming the bad flag or value
   */
  public static GatewayOptions parse(String[] args, Map<String, String> env) {
    GatewayOptions options =
        BINDER.apply(defaults(), SETTINGS.parse(args, env)).withOtelEnvironment(otel(env));
    if ((options.configFile() == null) == (options.configMap() == null)) {
      throw new IllegalArgumentException(
          "give exactly one config source: --config FILE or --configmap NAMESPACE/NAME");
    }
    options.clusterAddressPolicy(); // names a bad CIDR or host now, not at the first config
    options.policy().validated();
    options.audit().validated();
    return options;
  }

  /**
   * The McpGateway to report to, {@code NAMESPACE/NAME}: in cluster mode {@code --mcpgateway}, else
   * {@code toolgate} beside the ConfigMap; in dev mode (a config file) none.
   */
  public Optional<String> reportTo() {
    if (configMap == null) {
      return Optional.empty();
    }
    return Optional.of(
        mcpGateway != null
            ? mcpGateway
            : configMap.substring(0, configMap.indexOf('/'))
                + "/"
                + ToolgateNames.DEFAULT_MCPGATEWAY);
  }

  /**
   * Where a cluster config's upstreams may be: the same rules the operator compiled it with, so a
   * config forged or edited in the ConfigMap cannot point the gateway elsewhere.
   */
  public UpstreamAddressPolicy clusterAddressPolicy() {
    return UpstreamAddressPolicy.strict(clusterDomain, serviceCidrs, podCidrs, remoteUrlAllow);
  }

  /** The settings as help text: flag, variable, what it takes, default and what it does. */
  public static String help() {
    return SETTINGS.help();
  }

  /** The environment's {@code OTEL_*} variables. */
  private static Map<String, String> otel(Map<String, String> env) {
    return env.entrySet().stream()
        .filter(e -> e.getKey().startsWith("OTEL_") && e.getValue() != null)
        .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
  }
}
