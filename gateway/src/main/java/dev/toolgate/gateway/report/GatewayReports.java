package dev.toolgate.gateway.report;

import dev.toolgate.api.v1alpha1.GatewayReport;
import dev.toolgate.api.v1alpha1.ReportedSchema;
import dev.toolgate.api.v1alpha1.UpstreamProblem;
import dev.toolgate.gateway.routing.RoutingTable.NameCollision;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a {@link LoadState} into the {@code status.gateway} document. {@code ConfigLoaded} keeps
 * its lastTransitionTime while its status stays, so reporting an unchanged state gives an equal
 * document and no write.
 */
public final class GatewayReports {

  /** Problems listed at most; a status is no place for an unbounded list. */
  static final int MAX_PROBLEMS = 100;

  /**
   * Tool definitions reported at most: the operator records them and the next config says so, which
   * takes them off the report; any beyond follow then. About 150 bytes each.
   */
  static final int MAX_SCHEMAS = 200;

  /** Kubernetes caps a condition message at 32768 bytes; stay well below. */
  static final int MAX_MESSAGE = 2048;

  private GatewayReports() {}

  /**
   * @param previous what the McpGateway's status holds now, or {@code null}
   */
  public static GatewayReport of(LoadState state, GatewayReport previous, Clock clock) {
    GatewayReport report = new GatewayReport();
    report.setLoadedConfigHash(state.loadedHash());
    report.setRejectedConfigHash(state.rejectedHash());
    boolean loaded = state.rejectedHash() == null;
    String status = loaded ? "True" : "False";
    String since =
        previousConfigLoaded(previous)
            .filter(c -> status.equals(c.getStatus()))
            .map(Condition::getLastTransitionTime)
            .orElse(Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
    report.setConditions(
        List.of(
            new ConditionBuilder()
                .withType(GatewayReport.CONFIG_LOADED)
                .withStatus(status)
                .withReason(loaded ? GatewayReport.LOADED : GatewayReport.CONFIG_REJECTED)
                .withMessage(truncate(loaded ? loadedMessage(state) : rejectedMessage(state)))
                .withLastTransitionTime(since)
                .build()));
    report.setUpstreamProblems(
        state.collisions().isEmpty()
            ? null
            : state.collisions().stream()
                .limit(MAX_PROBLEMS)
                .map(GatewayReports::problem)
                .toList());
    report.setToolSchemas(
        state.sightings().isEmpty()
            ? null
            : state.sightings().stream()
                .limit(MAX_SCHEMAS)
                .map(s -> new ReportedSchema(s.upstream(), s.tool(), s.schemaHash()))
                .toList());
    return report;
  }

  private static String loadedMessage(LoadState state) {
    return "Config " + state.loadedHash() + " is in force";
  }

  private static String rejectedMessage(LoadState state) {
    return "Config "
        + state.rejectedHash()
        + " was rejected: "
        + String.join("; ", state.rejection())
        + "; "
        + (state.loadedHash() == null
            ? "no config is in force"
            : "config " + state.loadedHash() + " stays in force");
  }

  private static UpstreamProblem problem(NameCollision collision) {
    return new UpstreamProblem(
        collision.upstream(),
        collision.tool(),
        collision.exposedName(),
        UpstreamProblem.NAME_TAKEN,
        collision.owner(),
        collision.toString());
  }

  private static Optional<Condition> previousConfigLoaded(GatewayReport previous) {
    if (previous == null || previous.getConditions() == null) {
      return Optional.empty();
    }
    return previous.getConditions().stream()
        .filter(c -> GatewayReport.CONFIG_LOADED.equals(c.getType()))
        .filter(c -> Objects.nonNull(c.getLastTransitionTime()))
        .findFirst();
  }

  /** An upstream problem as one comparable value (the status classes have no equals). */
  static String key(UpstreamProblem p) {
    return String.join(
        "\n",
        String.valueOf(p.getUpstream()),
        String.valueOf(p.getTool()),
        String.valueOf(p.getExposedName()),
        String.valueOf(p.getReason()),
        String.valueOf(p.getOwner()),
        String.valueOf(p.getMessage()));
  }

  static String truncate(String message) {
    return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 1) + "…";
  }
}
