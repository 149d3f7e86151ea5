package dev.toolgate.gateway;

import dev.toolgate.api.config.GatewayConfig;
import dev.toolgate.gateway.admin.AdminServer;
import dev.toolgate.gateway.audit.Audit;
import dev.toolgate.gateway.audit.AuditStore;
import dev.toolgate.gateway.auth.Authenticator;
import dev.toolgate.gateway.calls.CallMetrics;
import dev.toolgate.gateway.calls.CallObserver;
import dev.toolgate.gateway.config.ConfigSource;
import dev.toolgate.gateway.config.ConfigStore;
import dev.toolgate.gateway.config.LoadedConfig;
import dev.toolgate.gateway.health.HealthHandler;
import dev.toolgate.gateway.identity.IdentityKeyFile;
import dev.toolgate.gateway.identity.IdentityKeys;
import dev.toolgate.gateway.identity.IdentityTokens;
import dev.toolgate.gateway.metrics.GatewayMetrics;
import dev.toolgate.gateway.policy.CallRecording;
import dev.toolgate.gateway.policy.Pipelines;
import dev.toolgate.gateway.policy.PolicyServices;
import dev.toolgate.gateway.replay.ReplayAccess;
import dev.toolgate.gateway.replay.ReplayHandler;
import dev.toolgate.gateway.report.StatusReporter;
import dev.toolgate.gateway.report.StatusSink;
import dev.toolgate.gateway.routing.Router;
import dev.toolgate.gateway.routing.ToolCatalog;
import dev.toolgate.gateway.server.AggregatedServer;
import dev.toolgate.gateway.server.HeldStreams;
import dev.toolgate.gateway.server.PassthroughServer;
import dev.toolgate.gateway.server.SessionCloser;
import dev.toolgate.gateway.session.SessionRegistry;
import dev.toolgate.gateway.tracing.CallTracer;
import dev.toolgate.gateway.tracing.Tracing;
import dev.toolgate.gateway.transport.Batches;
import dev.toolgate.gateway.transport.GatewayHandler;
import dev.toolgate.gateway.transport.JwksListener;
import dev.toolgate.gateway.transport.OriginPolicy;
import dev.toolgate.gateway.transport.RequestChecks;
import dev.toolgate.gateway.transport.ServerConnections;
import dev.toolgate.gateway.upstream.RelayLimits;
import dev.toolgate.gateway.upstream.StreamSlots;
import dev.toolgate.gateway.upstream.ToolDiscovery;
import dev.toolgate.gateway.upstream.UpstreamHandshake;
import dev.toolgate.gateway.upstream.UpstreamHttp;
import dev.toolgate.gateway.upstream.WorkerListener;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** A running gateway: the HTTP server and everything behind it, wired once. */
public final class Gateway implements AutoCloseable {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Gateway.class);

  public static final String VERSION = "0.1.0";

  /** How often a shared identity key file is read again for a rotation. */
  static final Duration IDENTITY_KEY_FILE_CHECK = Duration.ofSeconds(5);

  private final Server server;
  private final ConfigStore configs;
  private final ConfigSource source;
  private final ToolCatalog catalog;
  private final Router router;
  private final SessionRegistry sessions;
  private final UpstreamHttp http;
  private final ScheduledExecutorService timers;
  private final ServerConnections connections;
  private final StreamSlots streamSlots;
  private final StatusReporter reporter;
  private final PolicyServices policy;
  private final Audit audit;
  private final GatewayMetrics metrics;
  private final AdminServer admin;
  private final CallTracer tracer;

  private Gateway(
      Server server,
      ConfigStore configs,
      ConfigSource source,
      ToolCatalog catalog,
      Router router,
      SessionRegistry sessions,
      UpstreamHttp http,
      ScheduledExecutorService timers,
      ServerConnections connections,
      StreamSlots streamSlots,
      StatusReporter reporter,
      PolicyServices policy,
      Audit audit,
      GatewayMetrics metrics,
      AdminServer admin,
      CallTracer tracer) {
    this.server = server;
    this.configs = configs;
    this.source = source;
    this.catalog = catalog;
    this.router = router;
    this.sessions = sessions;
    this.http = http;
    this.timers = timers;
    this.connections = connections;
    this.streamSlots = streamSlots;
    this.reporter = reporter;
    this.policy = policy;
    this.audit = audit;
    this.metrics = metrics;
    this.admin = admin;
    this.tracer = tracer;
  }

  /** Starts serving, then starts reading config from the source; reports to no McpGateway. */
  public static Gateway start(GatewayOptions options, ConfigSource source) throws Exception {
    return start(options, source, null);
  }

  /**
   * Starts serving, then starts reading config from the source.
   *
   * @param status where to report each config load and the name collisions found at run time (the
   *     gateway's McpGateway); {@code null} in dev mode
   */
  public static Gateway start(GatewayOptions options, ConfigSource source, StatusSink status)
      throws Exception {
    Clock clock = Clock.systemUTC();
    // Read first: a bad key file stops the start before anything is opened.
    IdentityKeyFile identityKeyFile =
        options.identityKeyFile() == null ? null : IdentityKeyFile.load(options.identityKeyFile());
    ConfigStore configs = new ConfigStore(clock);

    UpstreamHttp http =
        new UpstreamHttp(
            options.maxToolTimeout(),
            256,
            options.maxStreamsPerWorker(),
            options.maxStreamLifetime());
    UpstreamHandshake handshake = new UpstreamHandshake(http, options.handshakeTimeout());
    ToolCatalog catalog = new ToolCatalog(new ToolDiscovery(handshake));
    Router router = new Router(configs, catalog, options.maxToolTimeout());
    Authenticator authenticator =
        new Authenticator(
            clock, options.allowAnonymous(), options.keyPolicy(), options.maxVerifiedTokens());
    configs.onChange(loaded -> authenticator.configure(loaded.config().auth()));
    if (options.allowAnonymous()) {
      LOG.warn(
          "--allow-anonymous: while the config has no auth section, every caller is served"
              + " WITHOUT A TOKEN and may call every tool. Development only; never expose this"
              + " gateway to a network.");
    }
    IdentityKeys identityKeys =
        identityKeyFile == null ? new IdentityKeys() : identityKeyFile.keys();
    Pipelines.Security security =
        new Pipelines.Security(authenticator, new IdentityTokens(identityKeys, clock));
    StatusReporter reporter = null;
    if (status != null) {
      reporter = new StatusReporter(status, clock, Duration.ofMillis(500), Duration.ofSeconds(30));
      reporter.follow(configs, router);
    }
    SessionRegistry sessions =
        new SessionRegistry(
            clock,
            new SessionRegistry.Limits(
                options.maxSessions(),
                options.maxSessionsPerClient(),
                options.sessionIdleTimeout()));

    RelayLimits limits = new RelayLimits(options.maxResponseBytes(), options.maxResponseBytes());
    // Created first, so whatever adds meters of its own while being wired can take the registry.
    GatewayMetrics metrics = new GatewayMetrics();
    CallTracer tracer = Tracing.fromEnvironment(options.otelEnvironment());
    if (tracer.enabled()) {
      LOG.info("tracing tools/call to the exporter the OTEL_* variables name");
    }
    PolicyServices policy =
        PolicyServices.start(
                options.policy(),
                router::table,
                () -> configs.current().map(LoadedConfig::config).orElse(GatewayConfig.empty()))
            .tracedBy(tracer);
    Audit audit = Audit.start(options.audit());
    // Every finished tools/call goes to these observers once: the audit log and the per-call
    // metrics.
    policy.recordCallsTo(
        new CallRecording(
            CallObserver.all(List.of(audit, new CallMetrics(metrics.registry()))),
            () -> configs.current().map(LoadedConfig::hash).orElse(null)));
    SessionCloser closer = new SessionCloser(http);
    StreamSlots streamSlots = new StreamSlots(options.maxStreamsPerWorker());
    HeldStreams held =
        new HeldStreams(
            http,
            streamSlots,
            new WorkerListener.Bounds(
                options.maxHeldMessages(), options.maxResponseBytes(), options.maxResponseBytes()),
            options.holdWindow());
    AggregatedServer aggregated =
        new AggregatedServer(
            sessions,
            router,
            http,
            handshake,
            limits,
            held,
            closer,
            options.maxInitializeParamsBytes(),
            options.maxStreamLifetime(),
            clock,
            VERSION,
            security,
            policy);
    PassthroughServer passthrough =
        new PassthroughServer(
            sessions, router, http, limits, streamSlots, held, closer, security, policy);
    HealthHandler health = new HealthHandler(configs, catalog::discoveredAll);
    GatewayHandler handler =
        new GatewayHandler(
            new OriginPolicy(options.allowedHosts()),
            new RequestChecks(options.maxRequestBytes()),
            router,
            aggregated,
            passthrough,
            health,
            authenticator,
            identityKeys,
            new Batches(sessions, options.maxResponseBytes()));

    HttpConfiguration http11 = new HttpConfiguration();
    http11.setSendServerVersion(false);
    http11.setSendDateHeader(false);
    // No per-connection cache of header fields: it holds a client's bearer token (a known header
    // whose ~800-character value repeats on a keep-alive connection), and matching a cached field
    // walks the parser's trie one character at a time, which cost about 9% of the gateway's CPU
    // at 32 sessions (JFR, 2026-12-02). Jetty's static cache of common fields stays in use.
    http11.setHeaderCacheSize(0);
    http11.setMinRequestDataRate(options.minRequestDataRate());
    ServerConnections connections = ServerConnections.choose(http11, options.selectorConnections());
    QueuedThreadPool threads = connections.threads();
    threads.setName("gateway");
    threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    Server server = new Server(threads);
    ServerConnector connector = new ServerConnector(server, connections.factory());
    connector.setHost(options.host());
    connector.setPort(options.port());
    connector.setIdleTimeout(options.clientIdleTimeout().toMillis());
    server.addConnector(connector);
    server.addBean(new NetworkConnectionLimit(options.maxConnections(), connector));
    server.setHandler(handler);
    if (options.jwksPort() >= 0) {
      JwksListener.attach(server, options.host(), options.jwksPort(), identityKeys);
    }
    server.start();

    metrics
        .sessions(sessions)
        .auth(authenticator.failures())
        .config(configs)
        .policy(policy.counters())
        .audit(audit.stats())
        .upstream(http, streamSlots)
        .server(connector, threads);
    AdminServer admin =
        options.adminPort() < 0
            ? null
            : AdminServer.start(
                options.host(),
                options.adminPort(),
                metrics,
                health,
                new ReplayHandler(
                    new ReplayAccess(authenticator),
                    () -> audit.store().map(AuditStore::queries),
                    clock));

    ScheduledExecutorService timers =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("gateway-timers").factory());
    // Keep-alives well inside the client idle timeout, so a quiet stream is never cut for idling.
    long keepAlive = Math.max(500, Math.min(15_000, options.clientIdleTimeout().toMillis() / 2));
    timers.scheduleWithFixedDelay(
        aggregated::keepStreamsAlive, keepAlive, keepAlive, TimeUnit.MILLISECONDS);
    long expiry = Math.min(60_000, Math.max(1_000, options.sessionIdleTimeout().toMillis() / 4));
    timers.scheduleWithFixedDelay(
        () -> sessions.expireIdle(session -> closer.close(session, null)),
        expiry,
        expiry,
        TimeUnit.MILLISECONDS);
    long unclaimed = Math.max(100, options.holdWindow().toMillis() / 4);
    timers.scheduleWithFixedDelay(
        () -> held.closeUnclaimed(sessions.all()), unclaimed, unclaimed, TimeUnit.MILLISECONDS);
    if (identityKeyFile == null) {
      long rotation = options.identityKeyRotation().toMillis();
      timers.scheduleWithFixedDelay(
          identityKeys::rotate, rotation, rotation, TimeUnit.MILLISECONDS);
    } else {
      // A mounted Secret changes in place (kubelet swaps it within about a minute); reading a
      // small file every few seconds notices it without a watch that atomic swaps can break.
      timers.scheduleWithFixedDelay(
          identityKeyFile::reload,
          IDENTITY_KEY_FILE_CHECK.toMillis(),
          IDENTITY_KEY_FILE_CHECK.toMillis(),
          TimeUnit.MILLISECONDS);
    }
    long refresh = options.catalogRefresh().toMillis();
    timers.scheduleWithFixedDelay(catalog::refreshAll, refresh, refresh, TimeUnit.MILLISECONDS);

    Gateway gateway =
        new Gateway(
            server,
            configs,
            source,
            catalog,
            router,
            sessions,
            http,
            timers,
            connections,
            streamSlots,
            reporter,
            policy,
            audit,
            metrics,
            admin,
            tracer);
    source.start(configs);
    return gateway;
  }

  public int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  /** The admin listener's port, -1 when there is none. */
  public int adminPort() {
    return admin == null ? -1 : admin.port();
  }

  /** The JWKS listener's port (the workers' way to the identity keys), -1 when there is none. */
  public int jwksPort() {
    JwksListener jwks = server.getBean(JwksListener.class);
    return jwks == null ? -1 : jwks.port();
  }

  /** The metrics registry, for meters defined elsewhere and for tests. */
  public GatewayMetrics metrics() {
    return metrics;
  }

  /** The aggregated endpoint on loopback. */
  public String url() {
    return "http://127.0.0.1:" + port() + GatewayHandler.AGGREGATED_PATH;
  }

  public ConfigStore configs() {
    return configs;
  }

  public Router router() {
    return router;
  }

  /** The workers' tools as last discovered. */
  public ToolCatalog catalog() {
    return catalog;
  }

  public SessionRegistry sessions() {
    return sessions;
  }

  /**
   * GET streams open to a worker: the passthrough's relayed streams and the gateway's own listeners
   * that hold a worker's messages for a session (both endpoints).
   */
  public int openStreams(String upstreamId) {
    return streamSlots.open(upstreamId);
  }

  /** The server's connections: whether selector-resumed ones serve, and their thread pool. */
  public ServerConnections connections() {
    return connections;
  }

  /** Rate limits, budgets, loops, the result cache and redaction, with their counters. */
  public PolicyServices policy() {
    return policy;
  }

  /** The audit log: its store to query, its counters. */
  public Audit audit() {
    return audit;
  }

  public void join() throws InterruptedException {
    server.join();
  }

  @Override
  public void close() throws Exception {
    timers.shutdownNow();
    source.close();
    if (reporter != null) {
      reporter.close();
    }
    if (admin != null) {
      admin.close();
    }
    server.stop();
    catalog.close();
    http.close();
    policy.close();
    audit.close();
    tracer.close();
    metrics.close();
  }
}
