package dev.toolgate.gateway;

import dev.toolgate.api.ToolgateNames;
import dev.toolgate.api.config.Durations;
import dev.toolgate.api.config.UpstreamAddressPolicy;
import dev.toolgate.gateway.audit.AuditOptions;
import dev.toolgate.gateway.auth.Authenticator;
import dev.toolgate.gateway.policy.PolicyOptions;
import dev.toolgate.gateway.transport.OriginPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How a gateway runs: every setting once, with its flag, environment variable, default and
 * description ({@link #SETTINGS}, from which {@code --help} is printed). Flags win over the
 * environment, the environment over defaults.
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
   * One setting: flag, environment variable, default (as text), description, how it applies.
   *
   * @param bare the flag may stand alone, meaning {@code true} (a switch)
   */
  public record Setting(
      String flag,
      String env,
      String defaultValue,
      String description,
      BiFunction<GatewayOptions, String, GatewayOptions> apply,
      boolean bare) {

    public Setting(
        String flag,
        String env,
        String defaultValue,
        String description,
        BiFunction<GatewayOptions, String, GatewayOptions> apply) {
      this(flag, env, defaultValue, description, apply, false);
    }
  }

  /** Every setting a user can give, in the order {@code --help} lists them. */
  public static final List<Setting> SETTINGS =
      List.of(
          new Setting(
              "--config",
              "TOOLGATE_CONFIG",
              null,
              "dev mode: the compiled config file",
              (o, v) -> o.withConfigFile(Path.of(v))),
          new Setting(
              "--configmap",
              "TOOLGATE_CONFIGMAP",
              null,
              "cluster mode: the operator's ConfigMap, NAMESPACE/NAME",
              (o, v) -> o.withConfigMap(v)),
          new Setting(
              "--mcpgateway",
              "TOOLGATE_MCPGATEWAY",
              null,
              "cluster mode: the McpGateway whose status.gateway this gateway writes after each"
                  + " config load, NAMESPACE/NAME (default: the ConfigMap's namespace/"
                  + ToolgateNames.DEFAULT_MCPGATEWAY
                  + ")",
              (o, v) -> o.with(b -> b.mcpGateway = v.trim())),
          new Setting(
              "--host",
              "TOOLGATE_HOST",
              "0.0.0.0",
              "address to listen on",
              (o, v) -> o.with(b -> b.host = v)),
          new Setting(
              "--port",
              "TOOLGATE_PORT",
              "8080",
              "port to listen on",
              (o, v) -> o.withPort(number("--port", v))),
          new Setting(
              "--admin-port",
              "TOOLGATE_ADMIN_PORT",
              "9090",
              "port of the admin listener (Prometheus /metrics, /healthz, /readyz; never MCP),"
                  + " on the same address as --host; -1: none",
              (o, v) -> o.withAdminPort(adminPort(v))),
          new Setting(
              "--jwks-port",
              "TOOLGATE_JWKS_PORT",
              "-1",
              "port of a listener that serves workers the identity keys (/.well-known/jwks.json)"
                  + " and nothing else, on the same address as --host; -1: none",
              (o, v) -> o.with(b -> b.jwksPort = port("--jwks-port", v))),
          new Setting(
              "--allowed-hosts",
              "TOOLGATE_ALLOWED_HOSTS",
              "localhost,127.0.0.1,[::1]",
              "Host/Origin values served (DNS rebinding protection)",
              (o, v) -> o.withAllowedHosts(list(v))),
          new Setting(
              "--max-request-bytes",
              "TOOLGATE_MAX_REQUEST_BYTES",
              "4194304",
              "largest request body",
              (o, v) -> o.withMaxRequestBytes(number("--max-request-bytes", v))),
          new Setting(
              "--max-connections",
              "TOOLGATE_MAX_CONNECTIONS",
              "10000",
              "open client connections; more wait to be accepted",
              (o, v) -> o.with(b -> b.maxConnections = number("--max-connections", v))),
          new Setting(
              "--min-request-data-rate",
              "TOOLGATE_MIN_REQUEST_DATA_RATE",
              "1024",
              "bytes per second a request body must arrive at (slow clients are cut off)",
              (o, v) -> o.with(b -> b.minRequestDataRate = number("--min-request-data-rate", v))),
          new Setting(
              "--client-idle-timeout",
              "TOOLGATE_CLIENT_IDLE_TIMEOUT",
              "60s",
              "a client connection that sends and receives nothing for this long is closed",
              (o, v) -> o.withClientIdleTimeout(duration("--client-idle-timeout", v))),
          new Setting(
              "--max-sessions",
              "TOOLGATE_MAX_SESSIONS",
              "20000",
              "sessions held at once, all clients together",
              (o, v) -> o.withMaxSessions(number("--max-sessions", v))),
          new Setting(
              "--max-sessions-per-client",
              "TOOLGATE_MAX_SESSIONS_PER_CLIENT",
              "1000",
              "sessions one principal may hold (one client address when anonymous)",
              (o, v) -> o.withMaxSessionsPerClient(number("--max-sessions-per-client", v))),
          new Setting(
              "--session-idle-timeout",
              "TOOLGATE_SESSION_IDLE_TIMEOUT",
              "30m",
              "a session without requests for this long ends, open stream or not",
              (o, v) -> o.with(b -> b.sessionIdleTimeout = duration("--session-idle-timeout", v))),
          new Setting(
              "--max-stream-lifetime",
              "TOOLGATE_MAX_STREAM_LIFETIME",
              "30m",
              "a GET stream ends after this long (clients reconnect)",
              (o, v) -> o.withMaxStreamLifetime(duration("--max-stream-lifetime", v))),
          new Setting(
              "--max-streams-per-worker",
              "TOOLGATE_MAX_STREAMS_PER_WORKER",
              "256",
              "GET streams open to one worker (a pool calls never share)",
              (o, v) -> o.withMaxStreamsPerWorker(number("--max-streams-per-worker", v))),
          new Setting(
              "--max-held-messages",
              "TOOLGATE_MAX_HELD_MESSAGES",
              "64",
              "messages a worker sends before the client's stream attaches that the gateway holds"
                  + " per worker session (at most --max-response-bytes of them); beyond, the"
                  + " worker waits",
              (o, v) -> o.with(b -> b.maxHeldMessages = number("--max-held-messages", v))),
          new Setting(
              "--hold-window",
              "TOOLGATE_HOLD_WINDOW",
              "30s",
              "how long the gateway listens to a worker's stream for a session whose client has"
                  + " not opened its own stream; then it closes it and drops what it held",
              (o, v) -> o.with(b -> b.holdWindow = duration("--hold-window", v))),
          new Setting(
              "--max-tool-timeout",
              "TOOLGATE_MAX_TOOL_TIMEOUT",
              "5m",
              "upper bound of every call's timeout, whatever the config says",
              (o, v) -> o.with(b -> b.maxToolTimeout = duration("--max-tool-timeout", v))),
          new Setting(
              "--selector-connections",
              "TOOLGATE_SELECTOR_CONNECTIONS",
              "true",
              "resume idle keep-alive connections without a thread hand-off (false: Jetty's stock"
                  + " connections)",
              (o, v) -> o.withSelectorConnections(Boolean.parseBoolean(v))),
          new Setting(
              "--cluster-domain",
              "TOOLGATE_CLUSTER_DOMAIN",
              "cluster.local",
              "cluster mode: the cluster's DNS domain (as the operator's)",
              (o, v) -> o.with(b -> b.clusterDomain = v.trim())),
          new Setting(
              "--service-cidrs",
              "TOOLGATE_SERVICE_CIDRS",
              String.join(",", UpstreamAddressPolicy.DEFAULT_SERVICE_CIDRS),
              "cluster mode: Service ranges no remote upstream may point into (as the operator's)",
              (o, v) -> o.with(b -> b.serviceCidrs = list(v))),
          new Setting(
              "--pod-cidrs",
              "TOOLGATE_POD_CIDRS",
              String.join(",", UpstreamAddressPolicy.DEFAULT_POD_CIDRS),
              "cluster mode: Pod ranges no remote upstream may point into (as the operator's)",
              (o, v) -> o.with(b -> b.podCidrs = list(v))),
          new Setting(
              "--allow-anonymous",
              "TOOLGATE_ALLOW_ANONYMOUS",
              "false",
              "DEVELOPMENT ONLY: while the config has no auth section, serve every caller without a"
                  + " token (logged loudly at start); without it such a gateway answers 401 to"
                  + " everything",
              (o, v) -> o.withAllowAnonymous(bool("--allow-anonymous", v)),
              true),
          new Setting(
              "--identity-key-file",
              "TOOLGATE_IDENTITY_KEY_FILE",
              null,
              "PEM file of EC P-256 keys for workers' identity tokens, shared by every replica"
                  + " (the first signs, all are published, changes are picked up); without it"
                  + " each replica generates and rotates keys of its own",
              (o, v) -> o.with(b -> b.identityKeyFile = Path.of(v.trim()))),
          new Setting(
              "--remote-url-allow",
              "TOOLGATE_REMOTE_URL_ALLOW",
              "",
              "cluster mode: hosts and CIDRs remote upstreams may use despite the rules (as the"
                  + " operator's)",
              (o, v) -> o.with(b -> b.remoteUrlAllow = list(v))),
          // Policy: rate limits, budgets, loops, the result cache, redaction.
          new Setting(
              "--redis-url",
              "TOOLGATE_REDIS_URL",
              null,
              "the Redis server of the redis backends, redis://HOST:PORT (rediss:// for TLS)",
              (o, v) -> o.withPolicy(p -> p.withRedisUrl(v.trim()))),
          new Setting(
              "--limits-backend",
              "TOOLGATE_LIMITS_BACKEND",
              "memory",
              "where rate limits and budgets are kept: memory (this replica) or redis (shared)",
              (o, v) ->
                  o.withPolicy(
                      p ->
                          p.withBackends(
                              PolicyOptions.Backend.parse("--limits-backend", v),
                              p.cacheBackend()))),
          new Setting(
              "--cache-backend",
              "TOOLGATE_CACHE_BACKEND",
              "memory",
              "where cached tool results are kept: memory (this replica) or redis (shared)",
              (o, v) ->
                  o.withPolicy(
                      p ->
                          p.withBackends(
                              p.limitsBackend(),
                              PolicyOptions.Backend.parse("--cache-backend", v)))),
          new Setting(
              "--redis-timeout",
              "TOOLGATE_REDIS_TIMEOUT",
              "250ms",
              "the longest a limit, budget or cache lookup waits for Redis",
              (o, v) -> o.withPolicy(p -> p.withRedisTimeout(duration("--redis-timeout", v)))),
          new Setting(
              "--redis-failure-mode",
              "TOOLGATE_REDIS_FAILURE_MODE",
              "by-cost",
              "while Redis cannot be asked: by-cost refuses calls of tools with a cost (declared,"
                  + " or charged to a budget) and lets the others through; open lets all through;"
                  + " closed refuses every call that has a limit or budget",
              (o, v) ->
                  o.withPolicy(
                      p ->
                          p.withFailureMode(
                              PolicyOptions.FailureMode.parse("--redis-failure-mode", v)))),
          new Setting(
              "--cache-max-bytes",
              "TOOLGATE_CACHE_MAX_BYTES",
              "67108864",
              "memory cache: bytes of results held (least likely used evicted first)",
              (o, v) ->
                  o.withPolicy(
                      p ->
                          p.withCacheBounds(
                              longNumber("--cache-max-bytes", v), p.cacheMaxEntryBytes()))),
          new Setting(
              "--cache-max-entry-bytes",
              "TOOLGATE_CACHE_MAX_ENTRY_BYTES",
              "1048576",
              "larger results are not cached",
              (o, v) ->
                  o.withPolicy(
                      p ->
                          p.withCacheBounds(
                              p.cacheMaxBytes(), number("--cache-max-entry-bytes", v)))),
          new Setting(
              "--loop-max-repeats",
              "TOOLGATE_LOOP_MAX_REPEATS",
              "20",
              "identical calls (caller, tool, arguments) allowed in the loop window, for tools"
                  + " with a rate limit, cache or budget and no setting of their own; 0: off",
              (o, v) ->
                  o.withPolicy(
                      p -> p.withLoopDefaults(number("--loop-max-repeats", v), p.loopWindow()))),
          new Setting(
              "--loop-window",
              "TOOLGATE_LOOP_WINDOW",
              "10m",
              "the window of loop detection, for tools without one of their own",
              (o, v) ->
                  o.withPolicy(
                      p -> p.withLoopDefaults(p.loopMaxRepeats(), duration("--loop-window", v)))),
          new Setting(
              "--redact-builtin",
              "TOOLGATE_REDACT_BUILTIN",
              "true",
              "redact common secret formats (cloud keys, GitHub and Slack tokens, JWTs, private"
                  + " keys, passwords in URLs) from every tool's answers",
              (o, v) -> o.withPolicy(p -> p.withBuiltInRedaction(bool("--redact-builtin", v)))),
          new Setting(
              "--redaction-key-file",
              "TOOLGATE_REDACTION_KEY_FILE",
              null,
              "the key the operator fingerprinted referenced Secrets with (never in the config);"
                  + " without it, tools with fingerprinted Secrets are not called",
              (o, v) -> o.withPolicy(p -> p.withRedactionKeyFile(Path.of(v.trim())))),
          new Setting(
              "--audit-stdout",
              "TOOLGATE_AUDIT_STDOUT",
              "true",
              "write one JSON line per tools/call to standard output (logs go to standard error)",
              (o, v) -> o.withAudit(a -> a.withStdout(bool("--audit-stdout", v)))),
          new Setting(
              "--audit-store",
              "TOOLGATE_AUDIT_STORE",
              "embedded",
              "where calls are kept to be queried: embedded (H2 in --audit-dir), postgresql, none",
              (o, v) ->
                  o.withAudit(a -> a.withStore(AuditOptions.Store.parse("--audit-store", v)))),
          new Setting(
              "--audit-dir",
              "TOOLGATE_AUDIT_DIR",
              null,
              "the audit spool's directory, and the embedded store's (default: toolgate-audit in"
                  + " the temp directory)",
              (o, v) -> o.withAudit(a -> a.withDir(Path.of(v.trim())))),
          new Setting(
              "--audit-postgresql-url",
              "TOOLGATE_AUDIT_POSTGRESQL_URL",
              null,
              "the PostgreSQL audit store, jdbc:postgresql://HOST:PORT/DATABASE",
              (o, v) -> o.withAudit(a -> a.withPostgresqlUrl(v.trim()))),
          new Setting(
              "--audit-postgresql-user",
              "TOOLGATE_AUDIT_POSTGRESQL_USER",
              null,
              "its user",
              (o, v) -> o.withAudit(a -> a.withPostgresqlUser(v.trim()))),
          new Setting(
              "--audit-postgresql-password-file",
              "TOOLGATE_AUDIT_POSTGRESQL_PASSWORD_FILE",
              null,
              "a file holding its password (never a flag or variable of its own)",
              (o, v) -> o.withAudit(a -> a.withPostgresqlPasswordFile(Path.of(v.trim())))),
          new Setting(
              "--audit-commit-interval",
              "TOOLGATE_AUDIT_COMMIT_INTERVAL",
              "20ms",
              "the spool's group commit: a call's audit record waits in memory at most this long"
                  + " (what a kill -9 can lose); a call of a tool with audit.sync is written before"
                  + " its worker is called",
              (o, v) ->
                  o.withAudit(a -> a.withCommitInterval(duration("--audit-commit-interval", v)))),
          new Setting(
              "--audit-spool-max-bytes",
              "TOOLGATE_AUDIT_SPOOL_MAX_BYTES",
              "268435456",
              "the spool's bound on disk, where events wait while the store is down",
              (o, v) ->
                  o.withAudit(a -> a.withSpoolMaxBytes(longNumber("--audit-spool-max-bytes", v)))),
          new Setting(
              "--audit-spool-full",
              "TOOLGATE_AUDIT_SPOOL_FULL",
              "drop",
              "once the spool is full: drop (calls go on, their events are dropped and counted) or"
                  + " refuse (calls are refused with 503 until it has room)",
              (o, v) ->
                  o.withAudit(
                      a -> a.withWhenFull(AuditOptions.WhenFull.parse("--audit-spool-full", v)))),
          new Setting(
              "--audit-retention",
              "TOOLGATE_AUDIT_RETENTION",
              "720h",
              "calls older than this are deleted from the store",
              (o, v) -> o.withAudit(a -> a.withRetention(duration("--audit-retention", v)))));

  public static GatewayOptions defaults() {
    GatewayOptions options =
        new GatewayOptions(
            null,
            0,
            -1,
            -1,
            null,
            null,
            OriginPolicy.LOOPBACK,
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
            true,
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
    for (Setting setting : SETTINGS) {
      if (setting.defaultValue() != null) {
        options = setting.apply().apply(options, setting.defaultValue());
      }
    }
    return options;
  }

  public GatewayOptions withHost(String value) {
    return with(b -> b.host = value);
  }

  public GatewayOptions withPort(int value) {
    return with(b -> b.port = value);
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

  public GatewayOptions withJwksPort(int value) {
    return with(b -> b.jwksPort = value);
  }

  public GatewayOptions withIdentityKeyFile(Path value) {
    return with(b -> b.identityKeyFile = value);
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
    Map<String, Setting> byFlag =
        SETTINGS.stream().collect(Collectors.toMap(Setting::flag, Function.identity()));
    GatewayOptions options = defaults().withOtelEnvironment(otel(env));
    for (Setting setting : SETTINGS) {
      String value = env.get(setting.env());
      if (value != null) {
        options = setting.apply().apply(options, value);
      }
    }
    for (int i = 0; i < args.length; i++) {
      Setting setting = byFlag.get(args[i]);
      if (setting == null) {
        throw new IllegalArgumentException("unknown flag " + args[i]);
      }
      if (setting.bare() && (i + 1 >= args.length || args[i + 1].startsWith("--"))) {
        options = setting.apply().apply(options, "true");
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("flag " + args[i] + " needs a value");
      }
      options = setting.apply().apply(options, args[++i]);
    }
    if ((options.configFile() == null) == (options.configMap() == null)) {
      throw new IllegalArgumentException(
          "give exactly one config source: --config FILE or --configmap NAMESPACE/NAME");
    }
    if (options.configMap() != null && !options.configMap().matches("[^/]+/[^/]+")) {
      throw new IllegalArgumentException(
          "--configmap expects NAMESPACE/NAME, got " + options.configMap());
    }
    if (options.mcpGateway() != null && !options.mcpGateway().matches("[^/]+/[^/]+")) {
      throw new IllegalArgumentException(
          "--mcpgateway expects NAMESPACE/NAME, got " + options.mcpGateway());
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

  /** The settings as help text: flag, variable, default and what it does, one per line. */
  public static String help() {
    StringBuilder text = new StringBuilder("usage: toolgate-gateway [flags]\n");
    for (Setting s : SETTINGS) {
      text.append(
          String.format(
              "  %-28s %-34s %s%s%n",
              s.flag(),
              s.env(),
              s.description(),
              s.defaultValue() == null ? "" : " (default " + s.defaultValue() + ")"));
    }
    return text.toString();
  }

  /** The environment's {@code OTEL_*} variables. */
  private static Map<String, String> otel(Map<String, String> env) {
    return env.entrySet().stream()
        .filter(e -> e.getKey().startsWith("OTEL_") && e.getValue() != null)
        .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private static int adminPort(String value) {
    return port("--admin-port", value);
  }

  private static int port(String name, String value) {
    int port = number(name, value);
    if (port < -1 || port > 65535) {
      throw new IllegalArgumentException(name + " expects -1 or 0..65535, got " + value);
    }
    return port;
  }

  private static int number(String name, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " expects a number, got " + value);
    }
  }

  private static long longNumber(String name, String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " expects a number, got " + value);
    }
  }

  private static boolean bool(String name, String value) {
    return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(name + " expects true or false, got " + value);
    };
  }

  private static Duration duration(String name, String value) {
    try {
      return Durations.parse(value.trim());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          name + " expects a duration such as 30s or 5m, got " + value);
    }
  }

  private static List<String> list(String value) {
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
