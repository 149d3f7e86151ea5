package dev.toolgate.api.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.toolgate.api.CrdInstaller;
import dev.toolgate.api.v1alpha1.McpGateway;
import dev.toolgate.api.v1alpha1.McpScope;
import dev.toolgate.api.v1alpha1.McpTool;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated CRDs on a real kube-apiserver + etcd: the server accepts them as structural
 * schemas, stores valid resources unchanged, and rejects invalid ones with its own schema and CEL
 * validation, before the operator ever sees them.
 */
@EnableKubeAPIServer
class CrdsOnRealApiServerTest {

  static KubernetesClient client;

  private static final String NAMESPACE = "default";

  @BeforeAll
  static void installCrds() {
    System.out.println("kube-apiserver version: " + client.getKubernetesVersion().getGitVersion());
    CrdInstaller.installToolgateCrds(client, "test", Duration.ofSeconds(30));
  }

  private static McpTool tool(String yaml) {
    return Serialization.unmarshal(yaml, McpTool.class);
  }

  private static McpScope scope(String yaml) {
    return Serialization.unmarshal(yaml, McpScope.class);
  }

  /** Applies a resource the server must refuse; returns the server's message. */
  private static String rejectionOf(HasMetadata resource) {
    var thrown =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            KubernetesClientException.class, () -> client.resource(resource).serverSideApply());
    assertThat(thrown).as("the API server rejects it").isNotNull();
    assertThat(thrown.getCode()).isEqualTo(422);
    return thrown.getMessage();
  }

  @Test
  void storesAFullWorkerToolUnchangedWithServerSideApply() {
    McpTool billing =
        tool(
            """
            apiVersion: toolgate.dev/v1alpha1
            kind: McpTool
            metadata: {name: billing, namespace: default}
            spec:
              image: registry.example/billing-mcp:1.4.2
              port: 8080
              path: /mcp
              replicas: 2
              env:
              - name: DB_URL
                valueFrom: {secretKeyRef: {name: billing-db, key: url}}
              resources: {limits: {memory: 512Mi}}
              sandbox:
                runtimeClassName: gvisor
                writablePaths: [{path: /scratch, sizeLimit: 1Gi}]
                egress:
                - {cidr: 10.20.0.0/16, ports: [5432]}
                - {host: api.stripe.com, ports: [443]}
              tools:
              - name: get_invoice
                scopes: [billing.get_invoice]
                rateLimit: {requests: 60, period: 1m, per: caller}
                idempotent: true
                cache: {ttl: 5m}
                cost: 1
                timeout: 10s
              - name: send_refund
                rateLimit: {requests: 5, period: 1m}
              redact:
                patterns: ["sk_live_[0-9a-zA-Z]+"]
                secretRefs: [{name: stripe, key: token}]
            """);

    McpTool stored = client.resource(billing).fieldManager("test").serverSideApply();

    assertThat(stored.getSpec().getTools()).hasSize(2);
    assertThat(stored.getSpec().getSandbox().getEgress().get(1).getHost())
        .isEqualTo("api.stripe.com");
    assertThat(Serialization.asYaml(stored.getSpec()))
        .isEqualTo(Serialization.asYaml(billing.getSpec()));
  }

  @Test
  void acceptsRemoteToolAndScope() {
    client
        .resource(
            tool(
                """
                apiVersion: toolgate.dev/v1alpha1
                kind: McpTool
                metadata: {name: search, namespace: default}
                spec:
                  remote: {url: "https://mcp.example.com/mcp"}
                  tools: [{name: query}]
                """))
        .serverSideApply();
    McpScope stored =
        client
            .resource(
                scope(
                    """
                    apiVersion: toolgate.dev/v1alpha1
                    kind: McpScope
                    metadata: {name: readers, namespace: default}
                    spec:
                      scope: "billing:read"
                      tools: [billing/get_invoice, "search/*"]
                      subjects: {groups: [finance], serviceAccounts: [agents/invoice-bot]}
                      maxTokenLifetime: 15m
                      rateLimit: {requests: 100, period: 1m}
                    """))
            .serverSideApply();

    assertThat(stored.getSpec().getTools()).containsExactly("billing/get_invoice", "search/*");
  }

  @Test
  void rejectsScopeWithoutItsRequiredFields() {
    String message =
        rejectionOf(
            scope(
                """
                            apiVersion: toolgate.dev/v1alpha1
                            kind: McpScope
                            metadata: {name: empty, namespace: default}
                            spec: {subjects: {groups: [x]}}
                            """));

    assertThat(message).contains("spec.scope: Required value", "spec.tools: Required value");
  }

  @Test
  void rejectsToolWithBothImageAndRemoteThroughCel() {
    String message =
        rejectionOf(
            tool(
                """
                            apiVersion: toolgate.dev/v1alpha1
                            kind: McpTool
                            metadata: {name: both, namespace: default}
                            spec: {image: "x:1", remote: {url: "https://x.example/mcp"}}
                            """));

    assertThat(message).contains("set exactly one of image");
  }

  @Test
  void rejectsWorkloadFieldsOnRemoteTool() {
    String message =
        rejectionOf(
            tool(
                """
                            apiVersion: toolgate.dev/v1alpha1
                            kind: McpTool
                            metadata: {name: remote-replicas, namespace: default}
                            spec: {remote: {url: "https://x.example/mcp"}, replicas: 3}
                            """));

    assertThat(message).contains("replicas, sandbox and env apply to workers");
  }

  @Test
  void rejectsTokenLifetimeAboveFifteenMinutes() {
    String message =
        rejectionOf(
            scope(
                """
                            apiVersion: toolgate.dev/v1alpha1
                            kind: McpScope
                            metadata: {name: long-lived, namespace: default}
                            spec: {scope: long, tools: [billing/get_invoice], maxTokenLifetime: 1h}
                            """));

    assertThat(message).contains("token lifetime must not exceed 15m");
  }

  @Test
  void rejectsEgressRuleWithBothCidrAndHostOrABadCidr() {
    String message =
        rejectionOf(
            tool(
                """
                            apiVersion: toolgate.dev/v1alpha1
                            kind: McpTool
                            metadata: {name: egress, namespace: default}
                            spec:
                              image: "x:1"
                              sandbox:
                                egress:
                                - {cidr: 10.0.0.0/8, host: example.com}
                                - {cidr: 10.0.0.0/99}
                            """));

    assertThat(message).contains("set exactly one of cidr or host", "must be a valid CIDR");
  }

  @Test
  void rejectsBadToolNameDurationAndPort() {
    String message =
        rejectionOf(
            tool(
                """
                            apiVersion: toolgate.dev/v1alpha1
                            kind: McpTool
                            metadata: {name: bad-fields, namespace: default}
                            spec:
                              image: "x:1"
                              port: 70000
                              tools: [{name: "bad name", timeout: soon, rateLimit: {requests: 0}}]
                            """));

    assertThat(message)
        .contains(
            "spec.port",
            "spec.tools[0].name",
            "spec.tools[0].timeout",
            "spec.tools[0].rateLimit.requests");
  }

  @Test
  void rejectsNothingSilently() {
    assertThatThrownBy(
            () ->
                client
                    .resource(
                        scope(
                            """
                            apiVersion: toolgate.dev/v1alpha1
                            kind: McpScope
                            metadata: {name: badref, namespace: default}
                            spec: {scope: ok, tools: ["not a ref"]}
                            """))
                    .serverSideApply())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("spec.tools[0]");
    assertThat(client.resources(McpScope.class).inNamespace(NAMESPACE).withName("badref").get())
        .as("nothing was stored")
        .isNull();
  }

  @Test
  void storesAnMcpGatewayAndRefusesBadNamespacesAndLimits() {
    McpGateway stored =
        client
            .resource(
                Serialization.unmarshal(
                    """
                    apiVersion: toolgate.dev/v1alpha1
                    kind: McpGateway
                    metadata: {name: toolgate, namespace: default}
                    spec:
                      namespaces: [team-a, team-b]
                      limits: {maxToolTimeout: 2m, configBudgetPerNamespace: 64Ki, configBudgetTotal: 512Ki}
                    """,
                    McpGateway.class))
            .serverSideApply();
    assertThat(stored.getSpec().getNamespaces()).containsExactly("team-a", "team-b");
    assertThat(stored.getSpec().getLimits().getConfigBudgetTotal()).isEqualTo("512Ki");

    String message =
        rejectionOf(
            Serialization.unmarshal(
                """
                apiVersion: toolgate.dev/v1alpha1
                kind: McpGateway
                metadata: {name: bad, namespace: default}
                spec:
                  namespaces: [Not_A_Namespace]
                  limits: {maxToolTimeout: 0s, configBudgetTotal: 1GB}
                """,
                McpGateway.class));
    assertThat(message)
        .contains(
            "spec.namespaces[0]",
            "spec.limits.maxToolTimeout",
            "must be longer than zero",
            "spec.limits.configBudgetTotal");
  }
}
