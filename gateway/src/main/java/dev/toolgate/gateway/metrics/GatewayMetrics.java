package dev.toolgate.gateway.metrics;

import dev.toolgate.gateway.audit.AuditStats;
import dev.toolgate.gateway.auth.AuthFailures;
import dev.toolgate.gateway.config.ConfigStore;
import dev.toolgate.gateway.config.LoadedConfig;
import dev.toolgate.gateway.policy.PolicyCounters;
import dev.toolgate.gateway.session.SessionRegistry;
import dev.toolgate.gateway.upstream.StreamSlots;
import dev.toolgate.gateway.upstream.UpstreamHttp;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.ToIntFunction;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The gateway's Prometheus metrics. Everything here reads counters the gateway keeps anyway (policy
 * counters, the session registry, the connection pools) when scraped, so a call pays nothing for
 * them. Labels take a fixed set of values; never a principal, a session or an argument. The
 * registry is handed to whatever adds its own meters (the per-call metrics of the audit record).
 */
public final class GatewayMetrics implements AutoCloseable {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private Gauge configInfo;

  public GatewayMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** The registry, for meters defined elsewhere. */
  public MeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  /** Sessions open, both endpoints together. */
  public GatewayMetrics sessions(SessionRegistry sessions) {
    Gauge.builder("toolgate.sessions.open", sessions, SessionRegistry::size)
        .description("MCP sessions open on the gateway (aggregated and passthrough)")
        .register(registry);
    return this;
  }

  /** Requests refused for who sent them, by reason. */
  public GatewayMetrics auth(AuthFailures failures) {
    for (AuthFailures.Reason reason : AuthFailures.Reason.values()) {
      FunctionCounter.builder("toolgate.auth.failures", failures, f -> f.count(reason))
          .description(
              "Requests refused for who sent them: no token, a bad token, a bad request,"
                  + " a token without the tool's scope")
          .tag("reason", reason.label())
          .register(registry);
    }
    return this;
  }

  /**
   * Config offers by result, and the config in force: {@code toolgate_config_info{hash}} is 1 for
   * the hash in force (one series at a time), with the time it was put in force.
   */
  public GatewayMetrics config(ConfigStore configs) {
    Counter applied = loads("applied");
    Counter unchanged = loads("unchanged");
    Counter rejected = loads("rejected");
    configs.onOffered(
        (hash, outcome) -> {
          switch (outcome) {
            case ConfigStore.Outcome.Applied a -> applied.increment();
            case ConfigStore.Outcome.Unchanged u -> unchanged.increment();
            case ConfigStore.Outcome.Rejected r -> rejected.increment();
          }
        });
    Gauge.builder(
            "toolgate.config.last.applied.timestamp",
            configs,
            store ->
                store
                    .current()
                    .map(loaded -> loaded.loadedAt().toEpochMilli() / 1000.0)
                    .orElse(Double.NaN))
        .description("When the config in force was put in force (Unix time)")
        .baseUnit("seconds")
        .register(registry);
    configs.current().ifPresent(this::configInForce);
    configs.onChange(this::configInForce);
    return this;
  }

  private Counter loads(String result) {
    return Counter.builder("toolgate.config.loads")
        .description("Config texts offered to the gateway, by result")
        .tag("result", result)
        .register(registry);
  }

  private synchronized void configInForce(LoadedConfig loaded) {
    if (configInfo != null) {
      registry.remove(configInfo);
    }
    configInfo =
        Gauge.builder("toolgate.config.info", () -> 1)
            .description("The config in force: 1 for its content hash")
            .tag("hash", loaded.hash())
            .register(registry);
  }

  /**
   * The policy stages' counters: rate-limited and over-budget calls, loops, the result cache,
   * redaction, and decisions taken while the shared state was unreachable.
   */
  public GatewayMetrics policy(PolicyCounters counters) {
    policyCounter(
        counters, "toolgate.rate.limited", "rate_limited", "Calls refused by a rate limit");
    policyCounter(
        counters, "toolgate.budget.refused", "budget_refused", "Calls refused as over budget");
    policyCounter(counters, "toolgate.loops.detected", "loops_detected", "Calls refused as a loop");
    policyCounter(
        counters,
        "toolgate.loops.answered.from.cache",
        "loops_answered_from_cache",
        "Repeated calls answered from the cache instead of refused as a loop");
    cacheLookups(counters, "hit", "cache_hits");
    cacheLookups(counters, "miss", "cache_misses");
    cacheLookups(counters, "bypass", "cache_bypasses");
    cacheLookups(counters, "coalesced", "cache_coalesced");
    policyCounter(counters, "toolgate.cache.stores", "cache_stores", "Results stored in the cache");
    policyCounter(
        counters,
        "toolgate.cache.failures",
        "cache_failures",
        "Cache reads or writes that failed (the call went on uncached)");
    policyCounter(
        counters,
        "toolgate.redacted.messages",
        "redacted_messages",
        "Worker messages in which secrets were redacted");
    for (String action : new String[] {"refused", "withheld"}) {
      FunctionCounter.builder(
              "toolgate.schema.drift", counters, c -> c.get("schema_drift_" + action))
          .description(
              "Pinned tools whose server lists another definition: calls refused and tools"
                  + " withheld from tools/list")
          .tag("action", action)
          .register(registry);
    }
    for (String mode : new String[] {"open", "closed"}) {
      FunctionCounter.builder(
              "toolgate.state.failures", counters, c -> c.get("state_failed_" + mode))
          .description(
              "Policy decisions taken while the shared state (Redis) was unreachable, by the"
                  + " failure mode that decided")
          .tag("mode", mode)
          .register(registry);
    }
    return this;
  }

  /** The audit log: what waits in memory and in the spool, and where the events went. */
  public GatewayMetrics audit(AuditStats stats) {
    Gauge.builder("toolgate.audit.queue.depth", stats, AuditStats::queueDepth)
        .description("Audit events waiting in memory for the spool writer")
        .register(registry);
    Gauge.builder("toolgate.audit.spool", stats, AuditStats::spoolBytes)
        .description("Bytes in the audit spool: events not yet in the store")
        .baseUnit("bytes")
        .register(registry);
    auditEvents(stats, "written", AuditStats::written);
    auditEvents(stats, "stored", AuditStats::stored);
    auditEvents(stats, "dropped", AuditStats::dropped);
    FunctionCounter.builder("toolgate.audit.store.failures", stats, AuditStats::storeFailures)
        .description("Batches the audit store refused or could not take; they are retried")
        .register(registry);
    return this;
  }

  private void auditEvents(
      AuditStats stats, String state, java.util.function.ToDoubleFunction<AuditStats> count) {
    FunctionCounter.builder("toolgate.audit.events", stats, count)
        .description(
            "Audit events by what became of them: written to the spool (and stdout), stored by"
                + " the store, dropped because the queue or the spool was full")
        .tag("state", state)
        .register(registry);
  }

  private void cacheLookups(PolicyCounters counters, String result, String counter) {
    FunctionCounter.builder("toolgate.cache.lookups", counters, c -> c.get(counter))
        .description(
            "Result cache lookups of cacheable calls, by result (coalesced: answered by an"
                + " identical call in flight)")
        .tag("result", result)
        .register(registry);
  }

  private void policyCounter(
      PolicyCounters counters, String metric, String counter, String description) {
    FunctionCounter.builder(metric, counters, c -> c.get(counter))
        .description(description)
        .register(registry);
  }

  /** The worker connection pools and the GET streams open to workers. */
  public GatewayMetrics upstream(UpstreamHttp http, StreamSlots streams) {
    pool(http, "calls", "active", h -> h.callConnections().active());
    pool(http, "calls", "idle", h -> h.callConnections().idle());
    pool(http, "calls", "pending", h -> h.callConnections().pending());
    pool(http, "streams", "active", h -> h.streamConnections().active());
    pool(http, "streams", "idle", h -> h.streamConnections().idle());
    pool(http, "streams", "pending", h -> h.streamConnections().pending());
    Gauge.builder("toolgate.upstream.streams.open", streams, StreamSlots::openTotal)
        .description("Server-to-client GET streams open to workers through passthrough endpoints")
        .register(registry);
    return this;
  }

  private void pool(
      UpstreamHttp http, String pool, String state, ToIntFunction<UpstreamHttp> count) {
    Gauge.builder("toolgate.upstream.connections", http, h -> count.applyAsInt(h))
        .description("Connections to workers, by pool (calls, GET streams) and state")
        .tag("pool", pool)
        .tag("state", state)
        .register(registry);
  }

  /** The public listener: its connections and its thread pool. */
  public GatewayMetrics server(ServerConnector connector, QueuedThreadPool threads) {
    Gauge.builder(
            "toolgate.http.connections.open", connector, c -> c.getConnectedEndPoints().size())
        .description("Client connections open on the public (MCP) port")
        .register(registry);
    Gauge.builder("toolgate.http.threads", threads, QueuedThreadPool::getThreads)
        .description("Threads of the public listener's pool")
        .register(registry);
    Gauge.builder("toolgate.http.threads.busy", threads, QueuedThreadPool::getBusyThreads)
        .description("Busy threads of the public listener's pool")
        .register(registry);
    Gauge.builder("toolgate.http.queued.jobs", threads, QueuedThreadPool::getQueueSize)
        .description("Jobs waiting for a thread of the public listener's pool")
        .register(registry);
    return this;
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
