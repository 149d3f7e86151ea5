package dev.toolgate.gateway.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplayParametersTest {

  static final Instant NOW = Instant.parse("2026-12-02T18:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final Set<String> ALL = Set.of("tool", "principal", "since", "until", "limit");

  static ReplayParameters parse(Map<String, List<String>> parameters) throws Exception {
    return ReplayParameters.parse(parameters, ALL, CLOCK);
  }

  @Test
  void defaultsToTheLastDayAndAHundredRows() throws Exception {
    ReplayParameters parameters = parse(Map.of());
    assertThat(parameters.limit()).isEqualTo(100);
    assertThat(parameters.filter().until()).isEqualTo(NOW.plusMillis(1));
    assertThat(parameters.filter().since()).isEqualTo(NOW.plusMillis(1).minus(Duration.ofDays(1)));
    assertThat(parameters.filter().tool()).isNull();
    assertThat(parameters.filter().subject()).isNull();
  }

  @Test
  void readsEveryFilter() throws Exception {
    ReplayParameters parameters =
        parse(
            Map.of(
                "tool", List.of("billing.get_invoice"),
                "principal", List.of("alice"),
                "since", List.of("2026-12-01T00:00:00Z"),
                "until", List.of("2026-12-01T12:00:00.5Z"),
                "limit", List.of("1000")));
    assertThat(parameters.filter().tool()).isEqualTo("billing.get_invoice");
    assertThat(parameters.filter().subject()).isEqualTo("alice");
    assertThat(parameters.filter().since()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    assertThat(parameters.filter().until()).isEqualTo(Instant.parse("2026-12-01T12:00:00.5Z"));
    assertThat(parameters.limit()).isEqualTo(1000);
  }

  @Test
  void aSinceAloneReachesUntilNow() throws Exception {
    ReplayParameters parameters = parse(Map.of("since", List.of("2026-11-01T00:00:00Z")));
    assertThat(parameters.filter().until()).isEqualTo(NOW.plusMillis(1));
  }

  @Test
  void emptyValuesMeanNoFilter() throws Exception {
    ReplayParameters parameters = parse(Map.of("tool", List.of(""), "principal", List.of("")));
    assertThat(parameters.filter().tool()).isNull();
    assertThat(parameters.filter().subject()).isNull();
  }

  @Test
  void refusesWhatItCannotRead() {
    assertRefused(
        Map.of("limit", List.of("1001")),
        "limit: expected a whole number from 1 to 1000, got \"1001\"");
    assertRefused(
        Map.of("limit", List.of("-5")),
        "limit: expected a whole number from 1 to 1000, got \"-5\"");
    assertRefused(
        Map.of("until", List.of("2026-12-01")),
        "until: expected an ISO-8601 instant such as 2026-12-02T18:00:00Z, got \"2026-12-01\"");
    assertRefused(Map.of("since", List.of("2026-12-03T00:00:00Z")), "since must be before until");
    assertRefused(Map.of("tool", List.of("t".repeat(257))), "tool is longer than 256 characters");
    assertRefused(Map.of("principal", List.of("a\u0000b")), "principal holds a control character");
    assertRefused(Map.of("tool", List.of("a", "b")), "parameter tool is given more than once");
    assertRefused(
        Map.of("x".repeat(100), List.of("1")),
        "unknown parameter \""
            + "x".repeat(64)
            + "…\"; this request takes limit, principal, since, tool, until");
  }

  @Test
  void takesOnlyTheParametersItsRequestAllows() {
    assertThatThrownBy(
            () -> ReplayParameters.parse(Map.of("tool", List.of("a")), Set.of("limit"), CLOCK))
        .hasMessage("unknown parameter \"tool\"; this request takes limit");
  }

  static void assertRefused(Map<String, List<String>> parameters, String message) {
    assertThatThrownBy(() -> parse(parameters))
        .isInstanceOf(ReplayParameters.BadParameter.class)
        .hasMessage(message);
  }
}
