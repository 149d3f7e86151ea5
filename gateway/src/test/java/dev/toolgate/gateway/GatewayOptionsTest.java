package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.toolgate.gateway.audit.AuditOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayOptionsTest {

  @Test
  void flagsOverrideTheEnvironment() {
    GatewayOptions options =
        GatewayOptions.parse(
            new String[] {"--config", "c.yaml", "--port", "9000", "--allowed-hosts", "a, b:1"},
            Map.of("TOOLGATE_PORT", "7000", "TOOLGATE_HOST", "127.0.0.1"));
    assertThat(options.configFile()).isEqualTo(Path.of("c.yaml"));
    assertThat(options.port()).isEqualTo(9000);
    assertThat(options.host()).isEqualTo("127.0.0.1");
    assertThat(options.allowedHosts()).isEqualTo(List.of("a", "b:1"));
  }

  @Test
  void theConfigMapComesFromTheEnvironmentInACluster() {
    GatewayOptions options =
        GatewayOptions.parse(
            new String[0], Map.of("TOOLGATE_CONFIGMAP", "toolgate/toolgate-gateway-config"));
    assertThat(options.configMap()).isEqualTo("toolgate/toolgate-gateway-config");
  }

  @Test
  void inAClusterTheGatewayReportsToTheMcpGatewayBesideItsConfigMapUnlessToldAnother() {
    assertThat(
            GatewayOptions.parse(
                    new String[] {"--configmap", "platform/toolgate-gateway-config"}, Map.of())
                .reportTo())
        .contains("platform/toolgate");
    assertThat(
            GatewayOptions.parse(
                    new String[] {"--configmap", "platform/cfg"},
                    Map.of("TOOLGATE_MCPGATEWAY", "platform/edge"))
                .reportTo())
        .contains("platform/edge");
    assertThat(GatewayOptions.parse(new String[] {"--config", "c.yaml"}, Map.of()).reportTo())
        .as("dev mode has no McpGateway")
        .isEmpty();
    assertThatThrownBy(
            () ->
                GatewayOptions.parse(
                    new String[] {"--configmap", "n/m", "--mcpgateway", "nameonly"}, Map.of()))
        .hasMessageContaining("--mcpgateway expects NAMESPACE/NAME");
  }

  @Test
  void refusesNoneOrBothSourcesAndBadValues() {
    assertThatThrownBy(() -> GatewayOptions.parse(new String[0], Map.of()))
        .hasMessageContaining("exactly one config source");
    assertThatThrownBy(
            () ->
                GatewayOptions.parse(
                    new String[] {"--config", "a", "--configmap", "n/m"}, Map.of()))
        .hasMessageContaining("exactly one config source");
    assertThatThrownBy(
            () -> GatewayOptions.parse(new String[] {"--configmap", "nameonly"}, Map.of()))
        .hasMessageContaining("NAMESPACE/NAME");
    assertThatThrownBy(
            () -> GatewayOptions.parse(new String[] {"--port", "x", "--config", "a"}, Map.of()))
        .hasMessageContaining("expects a number");
    assertThatThrownBy(() -> GatewayOptions.parse(new String[] {"--bogus", "1"}, Map.of()))
        .hasMessageContaining("unknown flag --bogus");
  }

  @Test
  void theAdminPortDefaultsTo9090CanBeTurnedOffAndRefusesPortsOutOfRange() {
    assertThat(GatewayOptions.parse(new String[] {"--config", "c"}, Map.of()).adminPort())
        .isEqualTo(9090);
    assertThat(
            GatewayOptions.parse(
                    new String[] {"--config", "c"}, Map.of("TOOLGATE_ADMIN_PORT", "-1"))
                .adminPort())
        .isEqualTo(-1);
    assertThat(
            GatewayOptions.parse(new String[] {"--config", "c", "--admin-port", "0"}, Map.of())
                .adminPort())
        .isZero();
    for (String bad : new String[] {"-2", "65536", "metrics"}) {
      assertThatThrownBy(
              () ->
                  GatewayOptions.parse(
                      new String[] {"--config", "c", "--admin-port", bad}, Map.of()))
          .hasMessageContaining("--admin-port");
    }
    assertThat(GatewayOptions.help()).contains("--admin-port").contains("TOOLGATE_ADMIN_PORT");
  }

  @Test
  void tracingIsConfiguredFromTheEnvironmentsOtelVariablesOnly() {
    GatewayOptions options =
        GatewayOptions.parse(
            new String[] {"--config", "c"},
            Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
                "TOOLGATE_PORT", "8080",
                "HOME", "/root"));
    assertThat(options.otelEnvironment())
        .containsExactly(Map.entry("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"));
  }

  @Test
  void anonymousCallersAreRefusedUnlessAskedForExplicitly() {
    assertThat(GatewayOptions.parse(new String[] {"--config", "c"}, Map.of()).allowAnonymous())
        .isFalse();
    assertThat(
            GatewayOptions.parse(new String[] {"--allow-anonymous", "--config", "c"}, Map.of())
                .allowAnonymous())
        .isTrue();
    assertThat(
            GatewayOptions.parse(new String[] {"--config", "c", "--allow-anonymous"}, Map.of())
                .allowAnonymous())
        .isTrue();
    assertThat(
            GatewayOptions.parse(
                    new String[] {"--config", "c"}, Map.of("TOOLGATE_ALLOW_ANONYMOUS", "true"))
                .allowAnonymous())
        .isTrue();
    assertThat(
            GatewayOptions.parse(
                    new String[] {"--allow-anonymous", "false", "--config", "c"},
                    Map.of("TOOLGATE_ALLOW_ANONYMOUS", "true"))
                .allowAnonymous())
        .isFalse();
    assertThatThrownBy(
            () ->
                GatewayOptions.parse(
                    new String[] {"--config", "c"}, Map.of("TOOLGATE_ALLOW_ANONYMOUS", "yes")))
        .hasMessageContaining("--allow-anonymous expects true or false");
  }

  @Test
  void everySettingHasAFlagAVariableAndADescriptionInTheHelp() {
    String help = GatewayOptions.help();
    for (dev.toolgate.api.settings.Setting<?> setting : GatewayOptions.SETTINGS.settings()) {
      assertThat(setting.env()).startsWith("TOOLGATE_");
      assertThat(help).contains(setting.flag()).contains(setting.env());
      assertThat(setting.description()).isNotBlank();
    }
  }

  @Test
  void everyDefaultTheHelpShowsIsTheDefaultInForce() {
    GatewayOptions defaults = GatewayOptions.parse(new String[] {"--config", "c"}, Map.of());
    for (dev.toolgate.api.settings.Setting<?> setting : GatewayOptions.SETTINGS.settings()) {
      // An empty default (an empty list) cannot be given: an empty value counts as none.
      if (setting.defaultValue() == null
          || setting.defaultShown() != null
          || setting.defaultText().isEmpty()) {
        continue;
      }
      String[] args = {"--config", "c", setting.flag(), setting.defaultText()};
      assertThat(GatewayOptions.parse(args, Map.of())).as(setting.flag()).isEqualTo(defaults);
    }
  }

  @Test
  void theAuditKeepsAnEmbeddedStoreUnlessToldOtherwise() {
    AuditOptions defaults = GatewayOptions.parse(new String[] {"--config", "c"}, Map.of()).audit();
    assertThat(defaults.store()).isEqualTo(AuditOptions.Store.EMBEDDED);
    assertThat(defaults.stdout()).isTrue();
    assertThat(defaults.dir())
        .isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "toolgate-audit"));
    assertThat(defaults.commitInterval()).isEqualTo(Duration.ofMillis(20));
    assertThat(defaults.retention()).isEqualTo(Duration.ofHours(720));
    assertThat(defaults.whenFull()).isEqualTo(AuditOptions.WhenFull.DROP);

    AuditOptions postgres =
        GatewayOptions.parse(
                new String[] {
                  "--config",
                  "c",
                  "--audit-store",
                  "postgresql",
                  "--audit-postgresql-url",
                  "jdbc:postgresql://db:5432/audit",
                  "--audit-spool-full",
                  "refuse"
                },
                Map.of(
                    "TOOLGATE_AUDIT_POSTGRESQL_USER", "toolgate",
                    "TOOLGATE_AUDIT_COMMIT_INTERVAL", "5ms"))
            .audit();
    assertThat(postgres.store()).isEqualTo(AuditOptions.Store.POSTGRESQL);
    assertThat(postgres.postgresqlUser()).isEqualTo("toolgate");
    assertThat(postgres.commitInterval()).isEqualTo(Duration.ofMillis(5));
    assertThat(postgres.whenFull()).isEqualTo(AuditOptions.WhenFull.REFUSE);
  }

  @Test
  void refusesBadAuditSettings() {
    assertThatThrownBy(
            () ->
                GatewayOptions.parse(
                    new String[] {"--config", "c", "--audit-store", "mysql"}, Map.of()))
        .hasMessageContaining("--audit-store expects embedded, postgresql or none");
    assertThatThrownBy(
            () ->
                GatewayOptions.parse(
                    new String[] {"--config", "c", "--audit-store", "postgresql"}, Map.of()))
        .hasMessageContaining("needs --audit-postgresql-url");
    assertThatThrownBy(
            () ->
                GatewayOptions.parse(
                    new String[] {"--config", "c", "--audit-postgresql-url", "postgres://db/audit"},
                    Map.of()))
        .hasMessageContaining("jdbc:postgresql://");
    assertThatThrownBy(
            () ->
                GatewayOptions.parse(
                    new String[] {"--config", "c", "--audit-spool-max-bytes", "1000"}, Map.of()))
        .hasMessageContaining("at least 1048576");
    assertThatThrownBy(
            () ->
                GatewayOptions.parse(
                    new String[] {"--config", "c", "--audit-spool-full", "block"}, Map.of()))
        .hasMessageContaining("drop or refuse");
  }

  @Test
  void limitsComeFromFlagsAndVariables() {
    GatewayOptions options =
        GatewayOptions.parse(
            new String[] {"--config", "c.yaml", "--max-sessions-per-client", "7"},
            Map.of("TOOLGATE_MAX_TOOL_TIMEOUT", "2m", "TOOLGATE_SELECTOR_CONNECTIONS", "false"));
    assertThat(options.maxSessionsPerClient()).isEqualTo(7);
    assertThat(options.maxToolTimeout()).isEqualTo(java.time.Duration.ofMinutes(2));
    assertThat(options.selectorConnections()).isFalse();
    assertThat(GatewayOptions.defaults().maxToolTimeout())
        .isEqualTo(java.time.Duration.ofMinutes(5));
    assertThatThrownBy(
            () -> GatewayOptions.parse(new String[] {"--max-stream-lifetime", "soon"}, Map.of()))
        .hasMessageContaining("expects a duration");
  }

  @Test
  void theClusterAddressPolicyMirrorsTheOperatorsSettings() {
    GatewayOptions options =
        GatewayOptions.parse(
            new String[] {"--configmap", "ns/cm"},
            Map.of("TOOLGATE_REMOTE_URL_ALLOW", "mcp.internal.example, 10.50.0.0/16"));
    assertThat(options.clusterAddressPolicy().checkRemote("https://mcp.internal.example/mcp"))
        .isEmpty();
    assertThat(options.clusterAddressPolicy().checkRemote("http://169.254.169.254/")).isPresent();
    assertThatThrownBy(
            () ->
                GatewayOptions.parse(
                    new String[] {"--configmap", "ns/cm", "--service-cidrs", "not-a-cidr"},
                    Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theWorkersJwksPortIsOffUnlessGivenAndTheKeyFileIsAPath() {
    GatewayOptions plain = GatewayOptions.parse(new String[] {"--config", "c"}, Map.of());
    assertThat(plain.jwksPort()).isEqualTo(-1);
    assertThat(plain.identityKeyFile()).isNull();
    GatewayOptions given =
        GatewayOptions.parse(
            new String[] {"--config", "c", "--jwks-port", "8082"},
            Map.of("TOOLGATE_IDENTITY_KEY_FILE", "/etc/toolgate/identity/keys.pem"));
    assertThat(given.jwksPort()).isEqualTo(8082);
    assertThat(given.identityKeyFile()).isEqualTo(Path.of("/etc/toolgate/identity/keys.pem"));
    assertThatThrownBy(
            () ->
                GatewayOptions.parse(
                    new String[] {"--config", "c", "--jwks-port", "70000"}, Map.of()))
        .hasMessageContaining("--jwks-port expects a number from -1 to 65535");
  }
}
