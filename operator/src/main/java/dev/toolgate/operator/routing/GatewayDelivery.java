package dev.toolgate.operator.routing;

import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.api.v1alpha1.GatewayReport;
import dev.toolgate.api.v1alpha1.UpstreamProblem;
import dev.toolgate.operator.routing.GatewayVerdict.Kind;
import dev.toolgate.operator.routing.GatewayVerdict.NameCollision;
import dev.toolgate.operator.routing.GatewayVerdict.SchemaSighting;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Optional;

/**
 * Reads the gateway's report on its McpGateway against the compiled routes: which McpTools the
 * gateway really serves, which wait for it, which it refused with the config that holds them, and
 * which lost tools discovered at run time to a name another upstream keeps, and the tool
 * definitions the gateway found that the config does not record yet.
 */
public final class GatewayDelivery {

  private final String compiledHash;
  private final CompileHistory history;
  private final GatewayReport report;

  /**
   * @param compiledHash the config compiled now
   * @param history the routes of recent configs, {@code compiledHash} included
   * @param report what the gateway wrote in {@code status.gateway}; {@code null} before it wrote
   */
  public GatewayDelivery(String compiledHash, CompileHistory history, GatewayReport report) {
    this.compiledHash = compiledHash;
    this.history = history;
    this.report = report;
  }

  public GatewayVerdict verdict(UpstreamConfig route) {
    String loaded = report == null ? null : report.getLoadedConfigHash();
    if (history.held(loaded, route)) {
      List<NameCollision> collisions = collisions(route.id());
      return new GatewayVerdict(
          collisions.isEmpty() ? Kind.SERVED : Kind.NAME_TAKEN,
          compiledHash,
          loaded,
          null,
          collisions,
          schemas(route.id()));
    }
    String rejected = report == null ? null : report.getRejectedConfigHash();
    if (history.held(rejected, route)) {
      return new GatewayVerdict(
          Kind.REJECTED, compiledHash, loaded, rejection().orElse(null), List.of());
    }
    return new GatewayVerdict(Kind.AWAITING, compiledHash, loaded, null, List.of());
  }

  private List<NameCollision> collisions(String upstreamId) {
    if (report == null || report.getUpstreamProblems() == null) {
      return List.of();
    }
    return report.getUpstreamProblems().stream()
        .filter(p -> upstreamId.equals(p.getUpstream()))
        .filter(p -> UpstreamProblem.NAME_TAKEN.equals(p.getReason()))
        .map(p -> new NameCollision(p.getTool(), p.getExposedName(), p.getOwner()))
        .distinct()
        .toList();
  }

  /** What the gateway found listed for this upstream's tools that the config does not record. */
  private List<SchemaSighting> schemas(String upstreamId) {
    if (report == null || report.getToolSchemas() == null) {
      return List.of();
    }
    return report.getToolSchemas().stream()
        .filter(s -> upstreamId.equals(s.getUpstream()) && s.getTool() != null)
        .map(s -> new SchemaSighting(s.getTool(), s.getSchemaHash()))
        .distinct()
        .toList();
  }

  /** The gateway's message for the config it refused. */
  private Optional<String> rejection() {
    if (report.getConditions() == null) {
      return Optional.empty();
    }
    return report.getConditions().stream()
        .filter(c -> GatewayReport.CONFIG_LOADED.equals(c.getType()))
        .filter(c -> "False".equals(c.getStatus()))
        .map(Condition::getMessage)
        .findFirst();
  }
}
