package dev.toolgate.chart;

import static dev.toolgate.chart.Chart.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.toolgate.gateway.GatewayOptions;
import dev.toolgate.gateway.audit.AuditOptions;
import dev.toolgate.gateway.policy.PolicyOptions;
import dev.toolgate.operator.config.SettingsParser;
import dev.toolgate.operator.model.WorkerSettings;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The chart as Helm renders it: lint, defaults, options, and the rules it must keep. */
class ChartTest {

  @Test
  void lintsWithoutFindingsInStrictMode() {
    LintResult lint = new Helm(Chart.DIR).lint().strict().call();
    assertThat(lint.getMessages()).as("helm lint --strict").noneMatch(m -> !m.contains("[INFO]"));
    assertThat(lint.isFailed()).isFalse();
  }

  @Test
  void rendersTheOperatorGatewayAndTheirPlumbingByDefault() {
    Chart chart = Chart.render();
    assertThat(chart.objects)
        .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "ServiceAccount/toolgate-operator",
            "ServiceAccount/toolgate-gateway",
            "ClusterRole/toolgate-operator",
            "ClusterRole/toolgate-operator-cluster",
            "ClusterRoleBinding/toolgate-operator",
            "ClusterRoleBinding/toolgate-operator-cluster",
            "Role/toolgate-operator",
            "RoleBinding/toolgate-operator",
            "Role/toolgate-operator-apiserver-endpoints",
            "RoleBinding/toolgate-operator-apiserver-endpoints",
            "Role/toolgate-gateway",
            "RoleBinding/toolgate-gateway",
            "Deployment/toolgate-operator",
            "Service/toolgate-operator-metrics",
            "Deployment/toolgate-gateway",
            "Service/toolgate-gateway",
            "Service/toolgate-gateway-metrics",
            "Service/toolgate-gateway-jwks",
            "PodDisruptionBudget/toolgate-gateway",
            "NetworkPolicy/toolgate-gateway",
            "McpGateway/toolgate");
    assertThat(chart.objects)
        .filteredOn(o -> !o.getKind().startsWith("Cluster"))
        .filteredOn(o -> !o.getMetadata().getName().endsWith("-apiserver-endpoints"))
        .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE));
    // The one exception: reading the API server's own endpoints, which live in default.
    assertThat(
            chart
                .one(Role.class, "toolgate-operator-apiserver-endpoints")
                .getMetadata()
                .getNamespace())
        .isEqualTo("default");
  }

  @Test
  void everyPodIsHardened() {
    for (Deployment deployment : Chart.render().all(Deployment.class)) {
      PodSpec pod = deployment.getSpec().getTemplate().getSpec();
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
      assertThat(pod.getSecurityContext().getSeccompProfile().getType())
          .isEqualTo("RuntimeDefault");
      for (Container container : pod.getContainers()) {
        var security = container.getSecurityContext();
        assertThat(security.getReadOnlyRootFilesystem()).isTrue();
        assertThat(security.getAllowPrivilegeEscalation()).isFalse();
        assertThat(security.getPrivileged()).isFalse();
        assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(container.getResources().getLimits()).containsKey("memory");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        // Writable only where a volume is: the JVM's /tmp, and the gateway's audit spool.
        assertThat(container.getVolumeMounts())
            .filteredOn(m -> !Boolean.TRUE.equals(m.getReadOnly()))
            .extracting(m -> m.getMountPath())
            .isSubsetOf("/tmp", "/var/lib/toolgate/audit")
            .contains("/tmp");
      }
    }
  }

  @Test
  void aRedactionKeySecretIsMountedIntoTheOperatorAndTheGatewayAlike() {
    assertThat(Chart.render().all(Deployment.class))
        .as("no key by default: nothing mounted, McpTools that redact Secrets are not routed")
        .allSatisfy(
            d ->
                assertThat(plain(container(d).getEnv()))
                    .doesNotContainKey("TOOLGATE_REDACTION_KEY_FILE"));

    assertThat(Chart.render().one(ClusterRole.class, "toolgate-operator").getRules())
        .as("without a key the operator may not list Secrets at all")
        .noneMatch(rule -> rule.getResources().contains("secrets"));

    Chart chart = Chart.render(values("redaction.existingSecret", "toolgate-redaction-key"));
    assertThat(chart.one(ClusterRole.class, "toolgate-operator").getRules())
        .anySatisfy(
            rule -> {
              assertThat(rule.getResources()).containsExactly("secrets");
              assertThat(rule.getVerbs()).containsExactly("list", "watch");
            });
    for (Deployment deployment : List.of(chart.operator(), chart.gateway())) {
      assertThat(plain(container(deployment).getEnv()))
          .containsEntry("TOOLGATE_REDACTION_KEY_FILE", "/etc/toolgate/redaction/key");
      assertThat(container(deployment).getVolumeMounts())
          .anySatisfy(
              m -> {
                assertThat(m.getMountPath()).isEqualTo("/etc/toolgate/redaction");
                assertThat(m.getReadOnly()).isTrue();
              });
      assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
          .filteredOn(v -> v.getName().equals("redaction-key"))
          .singleElement()
          .satisfies(
              v -> {
                assertThat(v.getSecret().getSecretName()).isEqualTo("toolgate-redaction-key");
                assertThat(v.getSecret().getDefaultMode()).isEqualTo(0440);
              });
    }
  }

  @Test
  void thePlatformPolicyIsOffByDefaultAndReachesTheOperatorWhenSet() {
    assertThat(plain(container(Chart.render().operator()).getEnv()))
        .doesNotContainKeys("TOOLGATE_REQUIRE_IMAGE_DIGESTS", "TOOLGATE_ENV_SECRET_LABEL");

    Chart chart =
        Chart.render(
            values(
                "operator.platform.requireImageDigests",
                true,
                "operator.platform.envSecretLabel",
                "toolgate.dev/worker-env=true"));
    Map<String, String> env = plain(container(chart.operator()).getEnv());
    assertThat(env)
        .containsEntry("TOOLGATE_REQUIRE_IMAGE_DIGESTS", "true")
        .containsEntry("TOOLGATE_ENV_SECRET_LABEL", "toolgate.dev/worker-env=true");
    // The operator reads them as the chart means them.
    dev.toolgate.operator.validation.PlatformPolicy policy =
        SettingsParser.parse(new String[0], env).platform();
    assertThat(policy.requireImageDigests()).isTrue();
    assertThat(policy.envSecretSelector()).isEqualTo("toolgate.dev/worker-env=true");
    assertThat(chart.one(ClusterRole.class, "toolgate-operator").getRules())
        .as("the label needs the Secret informer, without a redaction key too")
        .anySatisfy(
            rule -> {
              assertThat(rule.getResources()).containsExactly("secrets");
              assertThat(rule.getVerbs()).containsExactly("list", "watch");
            });
  }

  @Test
  void everyGatewayReplicaSignsIdentityTokensWithTheKeysOfOneSecret() {
    // The chart's Secret is a pre-install hook, which helm template leaves out: HelmInstallIT
    // sees it made by a real install.
    Chart chart = Chart.render();
    assertIdentityKeysMounted(chart.gateway(), "toolgate-identity-keys");
    assertThat(container(chart.operator()).getVolumeMounts())
        .as("the operator never holds the signing key")
        .noneMatch(m -> m.getMountPath().startsWith("/etc/toolgate/identity"));
    assertIdentityKeysMounted(
        Chart.render(values("identity.existingSecret", "platform-identity")).gateway(),
        "platform-identity");
    assertThatThrownBy(() -> Chart.render(values("identity.existingSecret", "Not_A_Name")))
        .hasMessageContaining("existingSecret");
  }

  private static void assertIdentityKeysMounted(Deployment gateway, String secretName) {
    assertThat(plain(container(gateway).getEnv()))
        .containsEntry("TOOLGATE_IDENTITY_KEY_FILE", "/etc/toolgate/identity/keys.pem");
    assertThat(container(gateway).getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getMountPath()).isEqualTo("/etc/toolgate/identity");
              assertThat(m.getSubPath()).as("a subPath mount never sees a rotation").isNull();
              assertThat(m.getReadOnly()).isTrue();
            });
    assertThat(gateway.getSpec().getTemplate().getSpec().getVolumes())
        .filteredOn(v -> v.getName().equals("identity-keys"))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.getSecret().getSecretName()).isEqualTo(secretName);
              assertThat(v.getSecret().getDefaultMode()).isEqualTo(0440);
            });
  }

  @Test
  void aRedisServerMakesTheReplicasShareLimitsAndTheCache() {
    GatewayOptions alone =
        GatewayOptions.parse(new String[0], plain(container(Chart.render().gateway()).getEnv()));
    assertThat(alone.policy().limitsBackend()).isEqualTo(PolicyOptions.Backend.MEMORY);
    assertThat(alone.policy().cacheBackend()).isEqualTo(PolicyOptions.Backend.MEMORY);

    Chart chart =
        Chart.render(
            values(
                "gateway.redis.url", "redis://redis.data.svc:6379",
                "gateway.redis.cache", false,
                "gateway.redis.failureMode", "closed"));
    GatewayOptions shared =
        GatewayOptions.parse(new String[0], plain(container(chart.gateway()).getEnv()));
    assertThat(shared.policy().redisUrl()).isEqualTo("redis://redis.data.svc:6379");
    assertThat(shared.policy().limitsBackend()).isEqualTo(PolicyOptions.Backend.REDIS);
    assertThat(shared.policy().cacheBackend()).isEqualTo(PolicyOptions.Backend.MEMORY);
    assertThat(shared.policy().failureMode()).isEqualTo(PolicyOptions.FailureMode.CLOSED);

    // A URL with a password comes from a Secret, never the values.
    EnvVar fromSecret =
        container(
                Chart.render(values("gateway.redis.urlSecret.name", "redis-credentials")).gateway())
            .getEnv()
            .stream()
            .filter(e -> e.getName().equals("TOOLGATE_REDIS_URL"))
            .findFirst()
            .orElseThrow();
    assertThat(fromSecret.getValue()).isNull();
    assertThat(fromSecret.getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("redis-credentials");
    assertThat(fromSecret.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("url");
  }

  @Test
  void theAuditSpoolHasAVolumeOfItsOwnAndPostgresqlItsPasswordFromASecret() {
    Chart chart = Chart.render();
    GatewayOptions embedded =
        GatewayOptions.parse(new String[0], plain(container(chart.gateway()).getEnv()));
    assertThat(embedded.audit().dir()).hasToString("/var/lib/toolgate/audit");
    assertThat(embedded.audit().store()).isEqualTo(AuditOptions.Store.EMBEDDED);
    assertThat(chart.gateway().getSpec().getTemplate().getSpec().getVolumes())
        .filteredOn(v -> v.getName().equals("audit"))
        .singleElement()
        .satisfies(v -> assertThat(v.getEmptyDir().getSizeLimit()).hasToString("1Gi"));

    Chart shared =
        Chart.render(
            values(
                "gateway.audit.store", "postgresql",
                "gateway.audit.postgresql.url", "jdbc:postgresql://audit.data.svc:5432/toolgate",
                "gateway.audit.postgresql.user", "toolgate",
                "gateway.audit.postgresql.passwordSecret.name", "audit-db"));
    GatewayOptions postgresql =
        GatewayOptions.parse(new String[0], plain(container(shared.gateway()).getEnv()));
    assertThat(postgresql.audit().store()).isEqualTo(AuditOptions.Store.POSTGRESQL);
    assertThat(postgresql.audit().postgresqlUrl())
        .isEqualTo("jdbc:postgresql://audit.data.svc:5432/toolgate");
    assertThat(postgresql.audit().postgresqlPasswordFile())
        .hasToString("/etc/toolgate/audit-postgresql/password");
    assertThat(shared.gateway().getSpec().getTemplate().getSpec().getVolumes())
        .filteredOn(v -> v.getName().equals("audit-postgresql"))
        .singleElement()
        .satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("audit-db"));
  }

  @Test
  void operatorEnvironmentNamesOnlySettingsTheOperatorHas() {
    Set<String> known =
        SettingsParser.SETTINGS.settings().stream()
            .map(dev.toolgate.api.settings.Setting::env)
            .collect(Collectors.toSet());
    Chart chart =
        Chart.render(
            values(
                "auth.issuer", "https://idp.example",
                "auth.jwksUri", "https://idp.example/jwks",
                "auth.audience", "https://mcp.example",
                "auth.algorithms[0]", "ES256",
                "auth.maxTokenLifetime", "10m"));
    List<EnvVar> env = container(chart.operator()).getEnv();
    assertThat(env).extracting(EnvVar::getName).isSubsetOf(known);
    Map<String, String> values = plain(env);
    assertThat(values)
        .containsEntry("TOOLGATE_WATCH_NAMESPACES", "")
        .containsEntry("TOOLGATE_GATEWAY_NAMESPACE", Chart.NAMESPACE)
        .containsEntry(
            "TOOLGATE_GATEWAY_POD_LABELS",
            "app.kubernetes.io/instance=toolgate,app.kubernetes.io/name=toolgate-gateway")
        .containsEntry("TOOLGATE_LEADER_ELECTION", "true")
        .containsEntry("TOOLGATE_LEASE_NAME", "toolgate-operator")
        .containsEntry("TOOLGATE_MCPGATEWAY", "toolgate")
        .containsEntry("TOOLGATE_AUTH_ALGORITHMS", "ES256")
        .containsEntry("TOOLGATE_AUTH_MAX_TOKEN_LIFETIME", "10m");
    assertThat(env)
        .filteredOn(e -> e.getName().equals("TOOLGATE_NAMESPACE"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getValueFrom().getFieldRef().getFieldPath())
                    .isEqualTo("metadata.namespace"));
  }

  @Test
  void gatewayEnvironmentParsesIntoTheClusterModeTheChartMeans() {
    Chart chart = Chart.render(values("gateway.allowedHosts[0]", "mcp.example.com"));
    GatewayOptions options =
        GatewayOptions.parse(new String[0], plain(container(chart.gateway()).getEnv()));
    assertThat(options.configMap()).isEqualTo(Chart.NAMESPACE + "/toolgate-gateway-config");
    assertThat(options.host()).isEqualTo("0.0.0.0");
    assertThat(options.port()).isEqualTo(8080);
    assertThat(options.clusterDomain()).isEqualTo("cluster.local");
    assertThat(options.reportTo()).contains(Chart.NAMESPACE + "/toolgate");
    assertThat(options.allowedHosts())
        .contains(
            "toolgate-gateway",
            "toolgate-gateway.toolgate-system.svc",
            "toolgate-gateway.toolgate-system.svc.cluster.local",
            "localhost",
            "mcp.example.com")
        .doesNotContain("*");
    assertThat(options.allowAnonymous()).isFalse();
  }

  @Test
  void anonymousCallersAreServedOnlyWhenTheValueSaysSo() {
    Chart chart = Chart.render(values("gateway.allowAnonymous", true));
    GatewayOptions options =
        GatewayOptions.parse(new String[0], plain(container(chart.gateway()).getEnv()));
    assertThat(options.allowAnonymous()).isTrue();
  }

  @Test
  void operatorRbacIsRuleForRuleTheRbacTheOperatorTestsRunWith() throws IOException {
    List<HasMetadata> reference =
        Chart.parse(Files.readString(Chart.REPO.resolve("operator/src/main/kubernetes/rbac.yaml")));
    // The operator's tests run with a redaction key, which adds the one Secret rule.
    Chart chart = Chart.render(values("redaction.existingSecret", "toolgate-redaction-key"));
    assertThat(
            rules(
                chart.one(ClusterRole.class, "toolgate-operator").getRules(),
                chart.one(ClusterRole.class, "toolgate-operator-cluster").getRules()))
        .isEqualTo(rules(only(reference, ClusterRole.class).getRules()));
    assertThat(rules(chart.one(Role.class, "toolgate-operator").getRules()))
        .isEqualTo(rules(named(reference, Role.class, "toolgate-operator").getRules()));
    assertThat(rules(chart.one(Role.class, "toolgate-operator-apiserver-endpoints").getRules()))
        .isEqualTo(
            rules(
                named(reference, Role.class, "toolgate-operator-apiserver-endpoints").getRules()));
  }

  @Test
  void gatewayRbacIsRuleForRuleTheRbacTheGatewayTestsRunWith() throws IOException {
    List<HasMetadata> reference =
        Chart.parse(Files.readString(Chart.REPO.resolve("gateway/src/main/kubernetes/rbac.yaml")));
    Role role = Chart.render().one(Role.class, "toolgate-gateway");
    assertThat(rules(role.getRules())).isEqualTo(rules(only(reference, Role.class).getRules()));
    assertThat(rules(role.getRules()))
        .containsExactly(
            "/configmaps/toolgate-gateway-config:get",
            "/configmaps/toolgate-gateway-config:watch",
            "toolgate.dev/mcpgateways/status/toolgate:get",
            "toolgate.dev/mcpgateways/status/toolgate:patch");
  }

  @Test
  void watchingListedNamespacesBindsTheOperatorOnlyThere() {
    Chart chart =
        Chart.render(
            values(
                "operator.watchNamespaces[0]", "team-a", "operator.watchNamespaces[1]", "team-b"));
    assertThat(chart.all(ClusterRoleBinding.class))
        .extracting(b -> b.getRoleRef().getName())
        .containsExactly("toolgate-operator-cluster");
    assertThat(chart.all(RoleBinding.class))
        .filteredOn(b -> b.getRoleRef().getKind().equals("ClusterRole"))
        .extracting(b -> b.getMetadata().getNamespace() + "->" + b.getRoleRef().getName())
        .containsExactlyInAnyOrder("team-a->toolgate-operator", "team-b->toolgate-operator");
    assertThat(plain(container(chart.operator()).getEnv()))
        .containsEntry("TOOLGATE_WATCH_NAMESPACES", "team-a,team-b");
  }

  @Test
  void gatewayNetworkPolicyAllowsDnsTheApiServerWorkersAndOnlyWhatIsConfigured() {
    NetworkPolicy policy = Chart.render().one(NetworkPolicy.class, "toolgate-gateway");
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/name", "toolgate-gateway");
    List<NetworkPolicyEgressRule> egress = policy.getSpec().getEgress();
    assertThat(egress).hasSize(3);
    assertThat(egress.get(0).getPorts()).extracting(p -> p.getPort().getIntVal()).containsOnly(53);
    assertThat(egress.get(1).getPorts())
        .extracting(p -> p.getPort().getIntVal())
        .containsOnly(6443);
    assertThat(egress.get(2).getTo())
        .singleElement()
        .satisfies(
            peer ->
                assertThat(peer.getPodSelector().getMatchLabels())
                    .containsEntry("app.kubernetes.io/component", "mcp-worker"));

    NetworkPolicy configured =
        Chart.render(
                values(
                    "networkPolicy.apiServer.cidrs[0]", "10.0.0.1/32",
                    "networkPolicy.egress.idp[0].to[0].ipBlock.cidr", "203.0.113.10/32",
                    "networkPolicy.egress.idp[0].ports[0].port", 443,
                    "networkPolicy.egress.redis[0].to[0].podSelector.matchLabels.app", "redis",
                    "networkPolicy.egress.redis[0].ports[0].port", 6379,
                    "networkPolicy.egress.postgres[0].to[0].ipBlock.cidr", "10.20.0.0/16",
                    "networkPolicy.egress.postgres[0].ports[0].port", 5432))
            .one(NetworkPolicy.class, "toolgate-gateway");
    assertThat(configured.getSpec().getEgress()).hasSize(6);
    assertThat(configured.getSpec().getEgress().get(1).getTo())
        .singleElement()
        .satisfies(peer -> assertThat(peer.getIpBlock().getCidr()).isEqualTo("10.0.0.1/32"));
    assertThat(configured.getSpec().getEgress().subList(3, 6))
        .extracting(r -> r.getPorts().getFirst().getPort().getIntVal())
        .containsExactly(443, 6379, 5432);

    assertThat(Chart.render(values("networkPolicy.enabled", false)).all(NetworkPolicy.class))
        .isEmpty();
  }

  @Test
  void autoscalingAndServiceMonitorAreOptIn() {
    Chart chart =
        Chart.render(values("gateway.autoscaling.enabled", true, "serviceMonitor.enabled", true));
    assertThat(chart.ofKind("HorizontalPodAutoscaler")).hasSize(1);
    assertThat(chart.gateway().getSpec().getReplicas())
        .as("the HPA owns the replica count")
        .isNull();
    assertThat(chart.ofKind("ServiceMonitor")).hasSize(2);
    assertThat(
            chart
                .one(PodDisruptionBudget.class, "toolgate-gateway")
                .getSpec()
                .getMinAvailable()
                .getIntVal())
        .isEqualTo(1);
    assertThat(
            Chart.render(values("gateway.podDisruptionBudget.enabled", false))
                .all(PodDisruptionBudget.class))
        .isEmpty();
  }

  @Test
  void theGatewaysAdminPortIsItsOwnServiceNeverThePublicOne() {
    Chart chart = Chart.render(values("serviceMonitor.enabled", true));
    assertThat(plain(container(chart.gateway()).getEnv()))
        .containsEntry("TOOLGATE_ADMIN_PORT", "9090");
    assertThat(container(chart.gateway()).getPorts())
        .extracting(p -> p.getName() + ":" + p.getContainerPort())
        .containsExactly("mcp:8080", "admin:9090", "jwks:8082");
    assertThat(chart.one(Service.class, "toolgate-gateway").getSpec().getPorts())
        .extracting(p -> p.getName())
        .containsExactly("mcp");
    Service metrics = chart.one(Service.class, "toolgate-gateway-metrics");
    assertThat(metrics.getSpec().getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("admin"));
    assertThat(chart.ofKind("ServiceMonitor"))
        .anySatisfy(
            monitor ->
                assertThat(monitor.toString()).contains("gateway-metrics").contains("port=admin"));
    assertThat(
            chart.one(NetworkPolicy.class, "toolgate-gateway").getSpec().getIngress().stream()
                .map(rule -> rule.getPorts().getFirst().getPort().getStrVal()))
        .containsExactly("mcp", "admin", "jwks");
  }

  @Test
  void workersThatAskReachTheGatewaysJwksPortAndNothingElseOfIt() {
    Chart chart = Chart.render(values("gateway.jwksPort", 9443));
    assertThat(plain(container(chart.gateway()).getEnv()))
        .containsEntry("TOOLGATE_JWKS_PORT", "9443");
    Service jwks = chart.one(Service.class, "toolgate-gateway-jwks");
    assertThat(jwks.getSpec().getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getPort()).as("the number workers' policies open").isEqualTo(9443);
              assertThat(p.getTargetPort().getStrVal()).isEqualTo("jwks");
            });
    // The URL the operator gives workers names that Service and the pods' port, which the
    // operator's own parser takes apart for the workers' NetworkPolicy.
    WorkerSettings workers =
        SettingsParser.parse(new String[0], plain(container(chart.operator()).getEnv())).worker();
    assertThat(workers.gatewayJwks().url())
        .isEqualTo(
            "http://toolgate-gateway-jwks.toolgate-system.svc.cluster.local:9443"
                + "/.well-known/jwks.json");
    assertThat(workers.gatewayJwks().podPort()).isEqualTo(9443);
    assertThat(chart.one(NetworkPolicy.class, "toolgate-gateway").getSpec().getIngress())
        .filteredOn(rule -> "jwks".equals(rule.getPorts().getFirst().getPort().getStrVal()))
        .singleElement()
        .satisfies(
            rule ->
                assertThat(rule.getFrom())
                    .singleElement()
                    .satisfies(
                        peer ->
                            assertThat(peer.getPodSelector().getMatchLabels())
                                .containsEntry("app.kubernetes.io/component", "mcp-worker")
                                .containsEntry(
                                    "app.kubernetes.io/managed-by", "toolgate-operator")));
  }

  @Test
  void imagesComeFromTheConfiguredRegistryWithTheChartsAppVersionByDefault() {
    assertThat(container(Chart.render().operator()).getImage())
        .isEqualTo("toolgate-operator:0.1.0");
    Chart chart =
        Chart.render(values("image.registry", "registry.example/platform/", "image.tag", "1.2.3"));
    assertThat(container(chart.gateway()).getImage())
        .isEqualTo("registry.example/platform/toolgate-gateway:1.2.3");
  }

  @Test
  void releaseNamesWithoutToolgateArePrefixed() {
    Chart chart = Chart.render("acme", "platform", Map.of());
    assertThat(chart.all(Service.class))
        .extracting(s -> s.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "acme-toolgate-gateway",
            "acme-toolgate-gateway-metrics",
            "acme-toolgate-gateway-jwks",
            "acme-toolgate-operator-metrics");
    assertThat(chart.ofKind("McpGateway"))
        .singleElement()
        .satisfies(g -> assertThat(g.getMetadata().getName()).isEqualTo("acme-toolgate"));
    assertThat(plain(container(chart.one(Deployment.class, "acme-toolgate-operator")).getEnv()))
        .containsEntry("TOOLGATE_MCPGATEWAY", "acme-toolgate");
    assertThat(
            GatewayOptions.parse(
                    new String[0],
                    plain(container(chart.one(Deployment.class, "acme-toolgate-gateway")).getEnv()))
                .reportTo())
        .contains("platform/acme-toolgate");
    assertThat(chart.one(Role.class, "acme-toolgate-gateway").getRules())
        .anySatisfy(r -> assertThat(r.getResourceNames()).containsExactly("acme-toolgate"));
  }

  @Test
  void theMcpGatewayCarriesOnlyTheSettingsGiven() {
    HasMetadata plainGateway = Chart.render().ofKind("McpGateway").getFirst();
    assertThat(Chart.render().yaml).contains("kind: McpGateway");
    assertThat(spec(plainGateway)).isEmpty();

    HasMetadata configured =
        Chart.render(
                values(
                    "mcpGateway.namespaces[0]", "team-a",
                    "mcpGateway.limits.maxToolTimeout", "2m",
                    "mcpGateway.limits.configBudgetTotal", "512Ki"))
            .ofKind("McpGateway")
            .getFirst();
    assertThat(spec(configured))
        .isEqualTo(
            Map.of(
                "namespaces",
                List.of("team-a"),
                "limits",
                Map.of("maxToolTimeout", "2m", "configBudgetTotal", "512Ki")));
    assertThatThrownBy(() -> Chart.render(values("mcpGateway.limits.maxToolTimeout", "soon")))
        .hasMessageContaining("maxToolTimeout");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(HasMetadata gateway) {
    Map<String, Object> object =
        io.fabric8.kubernetes.client.utils.Serialization.jsonMapper()
            .convertValue(gateway, Map.class);
    Object spec = object.get("spec");
    return spec == null ? Map.of() : (Map<String, Object>) spec;
  }

  @Test
  void schemaRejectsUnknownKeysAndBadValues() {
    assertThatThrownBy(() -> Chart.render(values("gatway.replicas", 3)))
        .hasMessageContaining("gatway");
    assertThatThrownBy(() -> Chart.render(values("operator.logFormat", "xml")))
        .hasMessageContaining("logFormat");
    assertThatThrownBy(() -> Chart.render(values("operator.leaderElection.leaseDuration", "soon")))
        .hasMessageContaining("leaseDuration");
    assertThatThrownBy(() -> Chart.render(values("operator.watchNamespaces[0]", "Not_A_Namespace")))
        .hasMessageContaining("watchNamespaces");
    assertThatThrownBy(() -> Chart.render(values("operator.watchNamespaces[0]", "kube-system")))
        .hasMessageContaining("watchNamespaces");
    assertThatThrownBy(
            () -> Chart.render(values("operator.platform.envSecretLabel", "no-value-given")))
        .hasMessageContaining("envSecretLabel");
    assertThatThrownBy(() -> Chart.render(values("operator.platform.requireDigests", true)))
        .hasMessageContaining("requireDigests");
    assertThatThrownBy(() -> Chart.render(values("gateway.port", 70000)))
        .hasMessageContaining("port");
  }

  private static Container container(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
  }

  private static Map<String, String> plain(List<EnvVar> env) {
    Map<String, String> values = new HashMap<>();
    env.stream()
        .filter(e -> e.getValue() != null)
        .forEach(e -> values.put(e.getName(), e.getValue()));
    return values;
  }

  private static <T extends HasMetadata> T named(
      List<HasMetadata> objects, Class<T> type, String name) {
    return objects.stream()
        .filter(type::isInstance)
        .map(type::cast)
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static <T> T only(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
  }

  /** Rules as comparable lines, one per group/resource/name/verb, so splitting does not matter. */
  @SafeVarargs
  private static Set<String> rules(List<PolicyRule>... lists) {
    Set<String> lines = new TreeSet<>();
    Stream.of(lists)
        .flatMap(List::stream)
        .forEach(
            r -> {
              for (String group : r.getApiGroups()) {
                for (String resource : r.getResources()) {
                  List<String> names =
                      r.getResourceNames() == null || r.getResourceNames().isEmpty()
                          ? List.of("*")
                          : r.getResourceNames();
                  for (String name : names) {
                    for (String verb : r.getVerbs()) {
                      lines.add(group + "/" + resource + "/" + name + ":" + verb);
                    }
                  }
                }
              }
            });
    return lines;
  }
}
