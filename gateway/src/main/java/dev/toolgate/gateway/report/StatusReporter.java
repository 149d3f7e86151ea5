package dev.toolgate.gateway.report;

import dev.toolgate.api.v1alpha1.GatewayReport;
import dev.toolgate.api.v1alpha1.ReportedSchema;
import dev.toolgate.gateway.config.ConfigStore;
import dev.toolgate.gateway.routing.Router;
import dev.toolgate.gateway.routing.RoutingTable.NameCollision;
import dev.toolgate.gateway.routing.SchemaSighting;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports every config load attempt and the name collisions of the config in force to the gateway's
 * McpGateway, without ever holding up the thread that loads configs or serves calls: callers only
 * record the newest state; one background thread writes it. A burst of changes while a write is
 * under way becomes one more write of the newest state. A failed write (the API server is down,
 * RBAC refuses, the McpGateway does not exist yet) is retried with growing pauses until one
 * succeeds, and logged when the cause changes, not on every retry.
 */
public final class StatusReporter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StatusReporter.class);

  private final StatusSink sink;
  private final Clock clock;
  private final Duration firstRetry;
  private final Duration maxRetry;
  private final ScheduledExecutorService writer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("mcpgateway-status").factory());

  private LoadState state = LoadState.initial();
  private LoadState written;
  private boolean scheduled;
  private long retryMillis;
  private String failing;

  /**
   * @param firstRetry the pause after the first failed write; doubled after each further failure
   * @param maxRetry the longest pause between attempts
   */
  public StatusReporter(StatusSink sink, Clock clock, Duration firstRetry, Duration maxRetry) {
    this.sink = sink;
    this.clock = clock;
    this.firstRetry = firstRetry;
    this.maxRetry = maxRetry;
    this.retryMillis = firstRetry.toMillis();
  }

  /** Reports what {@code configs} makes of every offered config and what {@code router} drops. */
  public void follow(ConfigStore configs, Router router) {
    configs.onOffered(
        (hash, outcome) -> {
          switch (outcome) {
            case ConfigStore.Outcome.Applied applied -> loaded(hash);
            case ConfigStore.Outcome.Unchanged unchanged -> loaded(hash);
            case ConfigStore.Outcome.Rejected rejected -> rejected(hash, rejected.problems());
          }
        });
    router.onChange(
        (before, after) -> {
          collisions(after.collisions());
          sightings(after.sightings());
        });
  }

  /** The tools whose listed definition the config in force does not record yet. */
  public void sightings(List<SchemaSighting> sightings) {
    update(state -> state.withSightings(sightings));
  }

  /** A config (with this content hash as offered) is in force. */
  public void loaded(String hash) {
    update(state -> state.loaded(hash));
  }

  /** A config was refused; the one in force stays. */
  public void rejected(String hash, List<String> problems) {
    update(state -> state.rejected(hash, problems));
  }

  /** The tools of the config in force that are not exposed because their name is taken. */
  public void collisions(List<NameCollision> collisions) {
    update(state -> state.withCollisions(collisions));
  }

  private synchronized void update(UnaryOperator<LoadState> change) {
    LoadState next = change.apply(state);
    if (next.equals(state)) {
      return;
    }
    state = next;
    if (!scheduled && state.offered()) {
      scheduled = submit();
    }
  }

  private boolean submit() {
    try {
      writer.execute(this::writeNewest);
      return true;
    } catch (RejectedExecutionException closed) {
      return false;
    }
  }

  /** The state last written (or found already in the status), {@code null} before the first. */
  public synchronized LoadState written() {
    return written;
  }

  private void writeNewest() {
    LoadState target;
    synchronized (this) {
      target = state;
      if (target.equals(written)) {
        scheduled = false;
        return;
      }
    }
    try {
      GatewayReport current = sink.read();
      GatewayReport desired = GatewayReports.of(target, current, clock);
      if (!same(current, desired)) {
        sink.write(desired);
      }
      if (failing != null) {
        LOG.info("{}: status reported again", sink.describe());
        failing = null;
      }
      retryMillis = firstRetry.toMillis();
      synchronized (this) {
        written = target;
        if (state.equals(written)) {
          scheduled = false;
          return;
        }
        // Changed while this write was under way: one more write, of the newest state.
        scheduled = submit();
      }
    } catch (RuntimeException e) {
      String cause = String.valueOf(e.getMessage());
      if (!cause.equals(failing)) {
        LOG.warn(
            "{}: cannot report the gateway's status ({}); retrying with backoff",
            sink.describe(),
            cause);
        failing = cause;
      }
      long pause = retryMillis + ThreadLocalRandom.current().nextLong(retryMillis / 5 + 1);
      retryMillis = Math.min(retryMillis * 2, maxRetry.toMillis());
      try {
        writer.schedule(this::writeNewest, pause, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException closed) {
        // shutting down
      }
    }
  }

  private static boolean same(GatewayReport current, GatewayReport desired) {
    return current != null
        && Objects.equals(current.getLoadedConfigHash(), desired.getLoadedConfigHash())
        && Objects.equals(current.getRejectedConfigHash(), desired.getRejectedConfigHash())
        && Objects.equals(current.getConditions(), desired.getConditions())
        && Objects.equals(
            current.getUpstreamProblems() == null
                ? null
                : current.getUpstreamProblems().stream().map(GatewayReports::key).toList(),
            desired.getUpstreamProblems() == null
                ? null
                : desired.getUpstreamProblems().stream().map(GatewayReports::key).toList())
        && Objects.equals(keys(current.getToolSchemas()), keys(desired.getToolSchemas()));
  }

  private static List<String> keys(List<ReportedSchema> schemas) {
    return schemas == null ? null : schemas.stream().map(ReportedSchema::key).toList();
  }

  @Override
  public void close() {
    writer.shutdownNow();
  }
}
