package dev.toolgate.gateway.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.api.v1alpha1.GatewayReport;
import dev.toolgate.gateway.routing.RoutingTable.NameCollision;
import dev.toolgate.gateway.routing.SchemaSighting;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GatewayReportsTest {

  private static final Clock T0 =
      Clock.fixed(Instant.parse("2026-01-01T10:00:00Z"), ZoneOffset.UTC);
  private static final Clock T1 = Clock.offset(T0, Duration.ofMinutes(5));

  private static Condition configLoaded(GatewayReport report) {
    return report.getConditions().stream()
        .filter(c -> c.getType().equals("ConfigLoaded"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aLoadedConfigIsReportedWithItsHashAndConfigLoadedTrue() {
    GatewayReport report =
        GatewayReports.of(LoadState.initial().loaded("sha256:00000000000000a1"), null, T0);

    assertThat(report.getLoadedConfigHash()).isEqualTo("sha256:00000000000000a1");
    assertThat(report.getRejectedConfigHash()).isNull();
    Condition condition = configLoaded(report);
    assertThat(condition.getStatus() + "/" + condition.getReason()).isEqualTo("True/Loaded");
    assertThat(condition.getMessage()).isEqualTo("Config sha256:00000000000000a1 is in force");
    assertThat(condition.getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
    assertThat(report.getUpstreamProblems()).isNull();
  }

  @Test
  void aRejectedConfigIsReportedWithTheValidationMessageAndWhatStaysInForce() {
    LoadState state =
        LoadState.initial()
            .loaded("sha256:00000000000000a1")
            .rejected(
                "sha256:00000000000000b2",
                List.of("upstreams[0].url: points into the cluster", "upstreams[1].id: required"));

    GatewayReport report = GatewayReports.of(state, null, T0);

    assertThat(report.getLoadedConfigHash()).isEqualTo("sha256:00000000000000a1");
    assertThat(report.getRejectedConfigHash()).isEqualTo("sha256:00000000000000b2");
    Condition condition = configLoaded(report);
    assertThat(condition.getStatus() + "/" + condition.getReason())
        .isEqualTo("False/ConfigRejected");
    assertThat(condition.getMessage())
        .isEqualTo(
            "Config sha256:00000000000000b2 was rejected: upstreams[0].url: points into the"
                + " cluster; upstreams[1].id: required; config sha256:00000000000000a1 stays in"
                + " force");
  }

  @Test
  void aRejectionBeforeAnyLoadSaysNoConfigIsInForce() {
    GatewayReport report =
        GatewayReports.of(
            LoadState.initial().rejected("sha256:00000000000000b2", List.of("bad")), null, T0);
    assertThat(report.getLoadedConfigHash()).isNull();
    assertThat(configLoaded(report).getMessage()).endsWith("no config is in force");
  }

  @Test
  void theTransitionTimeStaysWhileTheStatusStaysAndMovesWhenItFlips() {
    LoadState first = LoadState.initial().loaded("sha256:00000000000000a1");
    GatewayReport before = GatewayReports.of(first, null, T0);

    GatewayReport stillLoaded =
        GatewayReports.of(first.loaded("sha256:00000000000000a2"), before, T1);
    GatewayReport rejected =
        GatewayReports.of(first.rejected("sha256:00000000000000b2", List.of("bad")), before, T1);

    assertThat(configLoaded(stillLoaded).getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
    assertThat(configLoaded(rejected).getLastTransitionTime()).isEqualTo("2026-01-01T10:05:00Z");
  }

  @Test
  void aLaterLoadClearsTheRejection() {
    LoadState state =
        LoadState.initial()
            .loaded("sha256:00000000000000a1")
            .rejected("sha256:00000000000000b2", List.of("bad"))
            .loaded("sha256:00000000000000c3");
    GatewayReport report = GatewayReports.of(state, null, T0);
    assertThat(report.getRejectedConfigHash()).isNull();
    assertThat(configLoaded(report).getStatus()).isEqualTo("True");
  }

  @Test
  void collisionsBecomeUpstreamProblemsNamingTheToolAndTheOwner() {
    LoadState state =
        LoadState.initial()
            .loaded("sha256:00000000000000a1")
            .withCollisions(
                List.of(new NameCollision("tools/beta", "find", "beta.find", "tools/alpha")));

    GatewayReport report = GatewayReports.of(state, null, T0);

    assertThat(report.getUpstreamProblems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getUpstream()).isEqualTo("tools/beta");
              assertThat(p.getTool()).isEqualTo("find");
              assertThat(p.getExposedName()).isEqualTo("beta.find");
              assertThat(p.getReason()).isEqualTo("NameTaken");
              assertThat(p.getOwner()).isEqualTo("tools/alpha");
              assertThat(p.getMessage())
                  .isEqualTo(
                      "tool find of tools/beta is not exposed: its name beta.find is taken by"
                          + " tools/alpha");
            });
  }

  @Test
  void theListOfProblemsAndTheMessageAreBounded() {
    List<NameCollision> many =
        IntStream.range(0, 500)
            .mapToObj(i -> new NameCollision("tools/b", "t" + i, "b.t" + i, "tools/a"))
            .toList();
    LoadState state =
        LoadState.initial()
            .withCollisions(many)
            .rejected("sha256:00000000000000b2", List.of("x".repeat(10_000)));

    GatewayReport report = GatewayReports.of(state, null, T0);

    assertThat(report.getUpstreamProblems()).hasSize(GatewayReports.MAX_PROBLEMS);
    assertThat(configLoaded(report).getMessage()).hasSize(GatewayReports.MAX_MESSAGE);
  }

  @Test
  void toolDefinitionsAreReportedAsDifferencesAndAtMostAFewHundred() {
    List<SchemaSighting> many = new java.util.ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      many.add(new SchemaSighting("tools/big", "tool" + i, "sha256:" + "0".repeat(64)));
    }
    GatewayReport report =
        GatewayReports.of(
            LoadState.initial().loaded("sha256:00000000000000a1").withSightings(many), null, T0);

    assertThat(report.getToolSchemas()).hasSize(GatewayReports.MAX_SCHEMAS);
    assertThat(report.getToolSchemas().getFirst().key())
        .isEqualTo("tools/big\ntool0\nsha256:" + "0".repeat(64));
    assertThat(
            GatewayReports.of(LoadState.initial().loaded("sha256:00000000000000a1"), null, T0)
                .getToolSchemas())
        .as("nothing new: nothing listed")
        .isNull();
  }
}
