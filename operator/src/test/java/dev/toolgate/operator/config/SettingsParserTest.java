package dev.toolgate.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsParserTest {

  @Test
  void defaultsNeedNothingButThePodNamespace() {
    OperatorSettings settings =
        SettingsParser.parse(
            new String[0], Map.of("POD_NAMESPACE", "platform", "HOSTNAME", "op-0"));
    assertThat(settings.namespace()).isEqualTo("platform");
    assertThat(settings.worker().gatewayNamespace()).isEqualTo("platform");
    assertThat(settings.worker().gatewayPodLabels())
        .containsEntry("app.kubernetes.io/name", "toolgate-gateway");
    assertThat(settings.watchNamespaces()).isEmpty();
    assertThat(settings.leaderElection()).isTrue();
    assertThat(settings.lease().exitOnLoss()).isTrue();
    assertThat(settings.identity()).isEqualTo("op-0");
    assertThat(settings.httpPort()).isEqualTo(8081);
    assertThat(settings.auth()).isNull();
    assertThat(settings.compilerSettings().clusterDomain()).isEqualTo("cluster.local");
  }

  @Test
  void readsEnvironmentVariablesAndFlagsWinOverThem() {
    OperatorSettings settings =
        SettingsParser.parse(
            new String[] {
              "--watch-namespaces=team-a, team-b", "--http-port", "9090", "--lease-duration=30s"
            },
            Map.of(
                "TOOLGATE_NAMESPACE", "toolgate",
                "TOOLGATE_HTTP_PORT", "7070",
                "TOOLGATE_GATEWAY_NAMESPACE", "edge",
                "TOOLGATE_GATEWAY_POD_LABELS", "app=gw,tier=edge",
                "TOOLGATE_LEADER_ELECTION", "false",
                "TOOLGATE_AUTH_ISSUER", "https://idp.example.com",
                "TOOLGATE_AUTH_AUDIENCE", "https://mcp.example.com"));
    assertThat(settings.namespace()).isEqualTo("toolgate");
    assertThat(settings.watchNamespaces()).containsExactlyInAnyOrder("team-a", "team-b");
    assertThat(settings.httpPort()).isEqualTo(9090);
    assertThat(settings.worker().gatewayNamespace()).isEqualTo("edge");
    assertThat(settings.worker().gatewayPodLabels())
        .containsExactlyInAnyOrderEntriesOf(Map.of("app", "gw", "tier", "edge"));
    assertThat(settings.leaderElection()).isFalse();
    assertThat(settings.lease().duration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.auth().issuer()).isEqualTo("https://idp.example.com");
    assertThat(settings.auth().algorithms()).containsExactly("RS256", "ES256");
    assertThat(settings.auth().maxTokenLifetime()).isEqualTo("15m");
  }

  @Test
  void rejectsWhatItCannotUnderstandNamingTheSetting() {
    assertThatThrownBy(() -> SettingsParser.parse(new String[] {"--watch-namespace=a"}, Map.of()))
        .hasMessageContaining("unknown flag --watch-namespace");
    assertThatThrownBy(() -> SettingsParser.parse(new String[] {"--http-port=http"}, Map.of()))
        .hasMessageContaining("http-port");
    assertThatThrownBy(
            () -> SettingsParser.parse(new String[0], Map.of("TOOLGATE_LEADER_ELECTION", "yes")))
        .hasMessageContaining("leader-election");
    assertThatThrownBy(() -> SettingsParser.parse(new String[] {"--cilium-recheck=soon"}, Map.of()))
        .hasMessageContaining("cilium-recheck");
    assertThatThrownBy(
            () -> SettingsParser.parse(new String[] {"--dns-pod-labels=k8s-app"}, Map.of()))
        .hasMessageContaining("key=value");
    assertThatThrownBy(() -> SettingsParser.parse(new String[] {"--namespace"}, Map.of()))
        .hasMessageContaining("needs a value");
  }

  @Test
  void everyOptionHasAnEnvironmentVariable() {
    assertThat(SettingsParser.OPTIONS)
        .allSatisfy(o -> assertThat(o.envName()).matches("TOOLGATE_[A-Z_]+"))
        .extracting(SettingsParser.Option::envName)
        .contains("TOOLGATE_WATCH_NAMESPACES", "TOOLGATE_LOG_FORMAT");
  }
}
