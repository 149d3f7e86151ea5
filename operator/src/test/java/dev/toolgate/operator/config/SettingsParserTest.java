package dev.toolgate.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.toolgate.api.config.IssuerConfig;
import java.time.Duration;
import java.util.List;
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
    assertThat(settings.mcpGateway()).isEqualTo("toolgate");
    assertThat(settings.compilerSettings().clusterDomain()).isEqualTo("cluster.local");
    assertThat(settings.compilerSettings().maxTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(settings.compilerSettings().budget().perNamespace()).isEqualTo(256 * 1024);
    assertThat(settings.compilerSettings().budget().total()).isEqualTo(768 * 1024);
    assertThat(settings.compilerSettings().upstreamAddresses().checkRemote("http://10.1.2.3/"))
        .isPresent();
  }

  @Test
  void thePlatformPolicyIsOffUnlessSet() {
    OperatorSettings defaults = SettingsParser.parse(new String[0], Map.of());
    assertThat(defaults.platform().requireImageDigests()).isFalse();
    assertThat(defaults.platform().limitsEnvSecrets()).isFalse();

    OperatorSettings set =
        SettingsParser.parse(
            new String[] {
              "--require-image-digests", "--env-secret-label=toolgate.dev/worker-env=true"
            },
            Map.of());
    assertThat(set.platform().requireImageDigests()).isTrue();
    assertThat(set.platform().envSecretSelector()).isEqualTo("toolgate.dev/worker-env=true");
    assertThat(
            SettingsParser.parse(
                    new String[0],
                    Map.of(
                        "TOOLGATE_REQUIRE_IMAGE_DIGESTS", "true",
                        "TOOLGATE_ENV_SECRET_LABEL", "team=tools"))
                .platform())
        .isEqualTo(
            new dev.toolgate.operator.validation.PlatformPolicy(true, Map.of("team", "tools")));
    assertThatThrownBy(
            () -> SettingsParser.parse(new String[] {"--env-secret-label=worker"}, Map.of()))
        .hasMessageContaining("--env-secret-label");
    assertThatThrownBy(
            () -> SettingsParser.parse(new String[] {"--env-secret-label=bad key=true"}, Map.of()))
        .hasMessage("--env-secret-label: 'bad key=true' is not a Kubernetes label (key=value)");
    assertThatThrownBy(
            () -> SettingsParser.parse(new String[] {"--env-secret-label=team=a/b"}, Map.of()))
        .hasMessageContaining("is not a Kubernetes label");
  }

  @Test
  void kubeSystemIsNeverWatchedEvenWhenListed() {
    assertThatThrownBy(
            () ->
                SettingsParser.parse(
                    new String[] {"--watch-namespaces=tools,kube-system"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "--watch-namespaces: kube-system is never served (the cluster's own components run"
                + " there); leave it out");
    assertThat(
            SettingsParser.parse(new String[] {"--watch-namespaces=tools"}, Map.of())
                .watchNamespaces())
        .containsExactly("tools");
  }

  @Test
  void theMcpGatewayToCompileForIsASetting() {
    assertThat(SettingsParser.parse(new String[] {"--mcpgateway=edge"}, Map.of()).mcpGateway())
        .isEqualTo("edge");
    assertThat(
            SettingsParser.parse(new String[0], Map.of("TOOLGATE_MCPGATEWAY", "acme-toolgate"))
                .mcpGateway())
        .isEqualTo("acme-toolgate");
  }

  @Test
  void readsTheBoundariesOfWhatMcpToolsMayAsk() {
    OperatorSettings settings =
        SettingsParser.parse(
            new String[] {
              "--remote-url-allow=10.20.0.0/16,mcp.internal.example",
              "--service-cidrs=10.96.0.0/12",
              "--pod-cidrs=10.244.0.0/16",
              "--max-tool-timeout=2m",
              "--config-budget-per-namespace=64Ki",
              "--config-budget-total=1000Ki"
            },
            Map.of());
    var compiler = settings.compilerSettings();
    assertThat(compiler.upstreamAddresses().checkRemote("http://10.20.1.1/mcp")).isEmpty();
    assertThat(compiler.upstreamAddresses().checkRemote("http://10.30.1.1/mcp")).isEmpty();
    assertThat(compiler.upstreamAddresses().checkRemote("http://10.244.1.1/mcp")).isPresent();
    assertThat(compiler.maxTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(compiler.budget().perNamespace()).isEqualTo(64 * 1024);
    assertThat(compiler.budget().total()).isEqualTo(1000 * 1024);
  }

  @Test
  void theEgressDenyListHoldsItsOwnSettingAndTheClusterRanges() {
    OperatorSettings defaults = SettingsParser.parse(new String[0], Map.of());
    var boundary = defaults.worker().egress();
    assertThat(boundary.allowEverything()).isFalse();
    assertThat(boundary.refusal("169.254.169.254/32")).isPresent();
    // The default Pod ranges are every private range: a private rule is refused until narrowed.
    assertThat(boundary.refusal("10.20.0.0/16")).get().asString().contains("Pod range");

    OperatorSettings narrowed =
        SettingsParser.parse(
            new String[] {
              "--pod-cidrs=10.244.0.0/16",
              "--egress-deny-cidrs=203.0.113.0/24",
              "--egress-allow-any=true"
            },
            Map.of());
    var custom = narrowed.worker().egress();
    assertThat(custom.refusal("10.20.0.0/16")).isEmpty();
    assertThat(custom.refusal("0.0.0.0/0")).isEmpty();
    assertThat(custom.exceptions("0.0.0.0/0"))
        .containsExactly("203.0.113.0/24", "10.96.0.0/12", "10.244.0.0/16");
    // The setting replaces the default list: link-local is then the admin's call.
    assertThat(custom.refusal("169.254.169.254/32")).isEmpty();
  }

  @Test
  void rejectsBoundariesItCannotUse() {
    assertThatThrownBy(
            () -> SettingsParser.parse(new String[] {"--egress-deny-cidrs=10.0.0.0/40"}, Map.of()))
        .hasMessageContaining("egress-deny-cidrs");
    assertThatThrownBy(
            () -> SettingsParser.parse(new String[] {"--pod-cidrs=10.0.0.0/40"}, Map.of()))
        .hasMessageContaining("pod-cidrs");
    assertThatThrownBy(
            () -> SettingsParser.parse(new String[] {"--config-budget-total=1Mi"}, Map.of()))
        .hasMessageContaining("config-budget-total");
    assertThatThrownBy(
            () ->
                SettingsParser.parse(new String[] {"--config-budget-per-namespace=lots"}, Map.of()))
        .hasMessageContaining("config-budget-per-namespace");
    assertThatThrownBy(() -> SettingsParser.parse(new String[] {"--max-tool-timeout=0s"}, Map.of()))
        .hasMessageContaining("max-tool-timeout");
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
    assertThat(settings.auth().trustedIssuers())
        .containsExactly(new IssuerConfig("https://idp.example.com", null, List.of(), null));
    assertThat(settings.auth().audience()).isEqualTo("https://mcp.example.com");
    assertThat(settings.auth().maxTokenLifetimeOrDefault()).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void severalIssuersAndTheClusterServiceAccountIssuerAreTrustedTogether() {
    OperatorSettings settings =
        SettingsParser.parse(
            new String[] {
              "--auth-issuer=https://idp.example.com",
              "--auth-algorithms=RS256,PS256",
              "--auth-issuers=[{\"issuer\":\"https://login.example.org/tenant\","
                  + "\"jwksUri\":\"https://login.example.org/keys\",\"algorithms\":[\"ES256\"]}]",
              "--auth-kubernetes-issuer=https://kubernetes.default.svc.cluster.local",
              "--auth-audience=https://mcp.example.com/mcp",
              "--auth-max-token-lifetime=10m",
              "--auth-groups-claim=roles",
              "--auth-clock-skew=10s"
            },
            Map.of());

    assertThat(settings.auth().trustedIssuers())
        .containsExactly(
            new IssuerConfig("https://idp.example.com", null, List.of("RS256", "PS256"), null),
            new IssuerConfig(
                "https://login.example.org/tenant",
                "https://login.example.org/keys",
                List.of("ES256"),
                null),
            new IssuerConfig(
                "https://kubernetes.default.svc.cluster.local",
                null,
                List.of(),
                IssuerConfig.KIND_KUBERNETES,
                IssuerConfig.POD_CA_FILE,
                IssuerConfig.POD_TOKEN_FILE));
    assertThat(settings.auth().maxTokenLifetime()).isEqualTo("10m");
    assertThat(settings.auth().groupsClaimOrDefault()).isEqualTo("roles");
    assertThat(settings.auth().clockSkewOrDefault()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void aServiceAccountIssuerOnThePublicInternetIsFetchedWithoutThePodsCaOrToken() {
    String[] args = {
      "--auth-kubernetes-issuer=https://oidc.eks.eu-west-1.amazonaws.com/id/ABC",
      "--auth-audience=https://mcp.example.com/mcp"
    };

    assertThat(SettingsParser.parse(args, Map.of()).auth().trustedIssuers())
        .containsExactly(
            new IssuerConfig(
                "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC",
                null,
                List.of(),
                IssuerConfig.KIND_KUBERNETES));
    assertThat(
            SettingsParser.kubernetesIssuer("https://kubernetes.default.svc", "cluster.local")
                .tokenFile())
        .isEqualTo(IssuerConfig.POD_TOKEN_FILE);
    assertThat(
            SettingsParser.kubernetesIssuer(
                    "https://kubernetes.default.svc.corp.internal", "corp.internal")
                .caFile())
        .isEqualTo(IssuerConfig.POD_CA_FILE);
  }

  @Test
  void authSettingsBreakingTheGatewaysRulesAreRefusedAtStart() {
    assertThatThrownBy(
            () ->
                SettingsParser.parse(
                    new String[] {"--auth-issuer=https://idp.example.com"}, Map.of()))
        .hasMessageContaining("auth.audience: required");
    assertThatThrownBy(
            () ->
                SettingsParser.parse(
                    new String[] {
                      "--auth-issuer=https://idp.example.com",
                      "--auth-audience=https://mcp.example.com",
                      "--auth-algorithms=HS256"
                    },
                    Map.of()))
        .hasMessageContaining("HS256 is not accepted");
    assertThatThrownBy(
            () ->
                SettingsParser.parse(
                    new String[] {"--auth-audience=https://mcp.example.com"}, Map.of()))
        .hasMessageContaining("auth-audience: needs a trusted issuer");
    assertThatThrownBy(
            () -> SettingsParser.parse(new String[] {"--auth-issuers=[{\"iss\":1}]"}, Map.of()))
        .hasMessageContaining("auth-issuers: expected a JSON list");
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
  void everyDefaultTheHelpShowsIsTheDefaultInForce() {
    Map<String, String> env = Map.of("HOSTNAME", "op-0");
    OperatorSettings defaults = SettingsParser.parse(new String[0], env);
    for (dev.toolgate.api.settings.Setting<?> setting : SettingsParser.SETTINGS.settings()) {
      if (setting.defaultValue() == null
          || setting.defaultShown() != null
          || setting.defaultText().isEmpty()) {
        continue;
      }
      String[] args = {setting.flag() + "=" + setting.defaultText()};
      assertThat(SettingsParser.parse(args, env)).as(setting.flag()).isEqualTo(defaults);
    }
  }

  @Test
  void helpListsEverySettingWithItsVariableAndDefault() {
    assertThat(SettingsParser.help())
        .startsWith("usage: toolgate-operator ")
        .contains(
            "--namespace  (TOOLGATE_NAMESPACE, else POD_NAMESPACE)  a text;"
                + " default toolgate-system")
        .contains("--http-port  (TOOLGATE_HTTP_PORT)  a number from 0 to 65535; default 8081")
        .contains("--lease-duration  (TOOLGATE_LEASE_DURATION)")
        .contains(
            "--config-budget-total  (TOOLGATE_CONFIG_BUDGET_TOTAL)  a byte count like"
                + " 262144, 256Ki or 1Mi; default 768Ki");
  }

  @Test
  void everyOptionHasAnEnvironmentVariable() {
    assertThat(SettingsParser.SETTINGS.settings())
        .allSatisfy(o -> assertThat(o.env()).matches("TOOLGATE_[A-Z_]+"))
        .extracting(dev.toolgate.api.settings.Setting::env)
        .contains("TOOLGATE_WATCH_NAMESPACES", "TOOLGATE_LOG_FORMAT");
  }

  @Test
  void theGatewaysJwksUrlGivesWorkersTheUrlAndThePortToOpen() {
    assertThat(SettingsParser.parse(new String[0], Map.of()).worker().gatewayJwks()).isNull();
    var jwks =
        SettingsParser.parse(
                new String[] {
                  "--gateway-jwks-url=http://gw-jwks.toolgate.svc:8082/.well-known/jwks.json"
                },
                Map.of())
            .worker()
            .gatewayJwks();
    assertThat(jwks.url()).isEqualTo("http://gw-jwks.toolgate.svc:8082/.well-known/jwks.json");
    assertThat(jwks.podPort()).isEqualTo(8082);
    assertThatThrownBy(
            () ->
                SettingsParser.parse(
                    new String[0], Map.of("TOOLGATE_GATEWAY_JWKS_URL", "http://gw/jwks.json")))
        .hasMessageContaining("--gateway-jwks-url expects http(s)://HOST:PORT/");
  }
}
