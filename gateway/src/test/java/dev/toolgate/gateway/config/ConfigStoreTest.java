package dev.toolgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.api.config.UpstreamAddressPolicy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigStoreTest {

  static final String VALID =
      """
      version: toolgate.dev/gateway-config/v1
      upstreams:
        - id: tools/alpha
          url: http://127.0.0.1:1/mcp
          passthroughPath: /mcp/tools/tools/alpha
          toolPrefix: alpha
      """;

  static final UpstreamAddressPolicy DEV = UpstreamAddressPolicy.permissive();

  private final ConfigStore store =
      new ConfigStore(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

  @Test
  void putsAValidConfigInForceAndTellsListeners() {
    List<LoadedConfig> seen = new ArrayList<>();
    store.onChange(seen::add);
    ConfigStore.Outcome outcome = store.offer(VALID, "test", DEV);
    assertThat(outcome).isInstanceOf(ConfigStore.Outcome.Applied.class);
    assertThat(store.current()).isPresent();
    assertThat(seen).hasSize(1);
    assertThat(seen.getFirst().config().upstreams().getFirst().id()).isEqualTo("tools/alpha");
  }

  @Test
  void theSameConfigTwiceChangesNothing() {
    store.offer(VALID, "test", DEV);
    List<LoadedConfig> seen = new ArrayList<>();
    store.onChange(seen::add);
    assertThat(store.offer(VALID + "\n# a comment\n", "test", DEV))
        .isInstanceOf(ConfigStore.Outcome.Unchanged.class);
    assertThat(seen).isEmpty();
  }

  @Test
  void aConfigWithProblemsIsRejectedWholeAndThePreviousStays() {
    store.offer(VALID, "test", DEV);
    String before = store.current().orElseThrow().hash();
    ConfigStore.Outcome outcome =
        store.offer(VALID.replace("http://127.0.0.1:1/mcp", "ftp://nowhere"), "test", DEV);
    assertThat(outcome)
        .isInstanceOfSatisfying(
            ConfigStore.Outcome.Rejected.class,
            r -> assertThat(r.problems()).anyMatch(p -> p.contains("expected an http(s) URL")));
    assertThat(store.current().orElseThrow().hash()).isEqualTo(before);
  }

  @Test
  void unparsableTextIsRejected() {
    assertThat(store.offer("upstreams: [", "test", DEV))
        .isInstanceOf(ConfigStore.Outcome.Rejected.class);
    assertThat(store.isLoaded()).isFalse();
  }

  @Test
  void theStrictPolicyRejectsAForgedWorkerOrRemoteThatDevModeAccepts() {
    UpstreamAddressPolicy strict = UpstreamAddressPolicy.strict("cluster.local");
    String otherTenant =
        VALID.replace("http://127.0.0.1:1/mcp", "http://payroll.hr.svc.cluster.local:8080/mcp");
    String metadata =
        VALID.replace("http://127.0.0.1:1/mcp", "http://169.254.169.254/latest")
            + "    remote: true\n";

    assertThat(store.offer(otherTenant, "test", strict))
        .isInstanceOfSatisfying(
            ConfigStore.Outcome.Rejected.class,
            r -> assertThat(r.problems()).anyMatch(p -> p.contains("its own Service")));
    assertThat(store.offer(metadata, "test", strict))
        .isInstanceOfSatisfying(
            ConfigStore.Outcome.Rejected.class,
            r -> assertThat(r.problems()).anyMatch(p -> p.contains("cloud metadata")));
    assertThat(store.isLoaded()).isFalse();
    assertThat(store.offer(VALID, "test", DEV)).isInstanceOf(ConfigStore.Outcome.Applied.class);
  }

  @Test
  void everyOfferIsToldWithTheHashOfTheTextAsOfferedWhateverItsOutcome() {
    List<String> told = new ArrayList<>();
    store.onOffered((hash, outcome) -> told.add(outcome.getClass().getSimpleName() + " " + hash));
    String comment = VALID + "# a comment\n";
    String broken = "upstreams: [not, a, config";

    store.offer(VALID, "test", DEV);
    store.offer(comment, "test", DEV);
    store.offer(broken, "test", DEV);

    assertThat(told)
        .containsExactly(
            "Applied " + dev.toolgate.api.config.GatewayConfigCodec.hash(VALID),
            "Unchanged " + dev.toolgate.api.config.GatewayConfigCodec.hash(comment),
            "Rejected " + dev.toolgate.api.config.GatewayConfigCodec.hash(broken));
  }
}
