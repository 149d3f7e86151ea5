package dev.toolgate.operator.it;

import static dev.toolgate.operator.it.Cluster.condition;
import static dev.toolgate.operator.it.Cluster.toolCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.toolgate.api.ToolgateNames;
import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.operator.reconciler.McpGatewayReconciler;
import dev.toolgate.operator.reconciler.McpToolReconciler;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * McpTool create, update, delete and invalid specs, server-side apply conflicts and the no-op
 * second reconcile, on a real kube-apiserver with the operator running as its ServiceAccount. Each
 * test uses its own namespace. kube-api-test runs no controller manager: tests play the Deployment
 * controller where status matters, and garbage collection is checked through owner references.
 */
// Owner references with blockOwnerDeletion need the finalizers RBAC rule only where this plugin
// runs; it is on here so rbac.yaml is checked against it.
@EnableKubeAPIServer(
    apiServerFlags = {"--enable-admission-plugins", "OwnerReferencesPermissionEnforcement"})
class McpToolLifecycleIT extends OperatorOnApiServer {

  /** Each namespace gets its own prefix and scope string: names belong to one namespace. */
  private static McpTool billing(String namespace) {
    ApiServer.namespace(admin, namespace, Map.of());
    return cluster.apply(
        """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpTool
        metadata: {name: billing, namespace: %s}
        spec:
          toolPrefix: %s
          image: registry.example/billing-mcp:1.4.2
          replicas: 2
          sandbox:
            runtimeClassName: gvisor
            writablePaths: [{path: /scratch, sizeLimit: 1Gi}, {path: /tmp}]
            egress:
              - {cidr: 10.20.0.0/16, ports: [5432]}
          tools:
            - name: get_invoice
              scopes: [%s.read]
            - name: send_refund
        """
            .formatted(namespace, namespace, namespace),
        McpTool.class);
  }

  @Test
  void createsAHardenedWorkerOwnedByTheTool() {
    McpTool tool = billing("create");
    Deployment deployment = cluster.awaitDeployment("create", "billing");
    ServiceAccount account =
        admin.serviceAccounts().inNamespace("create").withName("billing").get();
    var service =
        await()
            .until(
                () -> admin.services().inNamespace("create").withName("billing").get(),
                s -> s != null);
    NetworkPolicy policy =
        await()
            .until(
                () ->
                    admin
                        .network()
                        .v1()
                        .networkPolicies()
                        .inNamespace("create")
                        .withName("billing")
                        .get(),
                p -> p != null);

    for (HasMetadata owned : List.of(deployment, account, service, policy)) {
      OwnerReference owner = owned.getMetadata().getOwnerReferences().get(0);
      assertThat(owner.getUid()).as(owned.getKind()).isEqualTo(tool.getMetadata().getUid());
      assertThat(owner.getController()).isTrue();
      assertThat(owned.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/managed-by", "toolgate-operator")
          .containsEntry("toolgate.dev/mcptool", "billing");
    }
    assertThat(account.getAutomountServiceAccountToken()).isFalse();

    var pod = deployment.getSpec().getTemplate().getSpec();
    var container = pod.getContainers().get(0);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getServiceAccountName()).isEqualTo("billing");
    assertThat(pod.getRuntimeClassName()).isEqualTo("gvisor");
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
    assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(container.getVolumeMounts())
        .extracting(m -> m.getMountPath())
        .containsExactly("/scratch", "/tmp");
    assertThat(pod.getVolumes())
        .extracting(v -> v.getEmptyDir().getSizeLimit())
        .containsExactly(new Quantity("1Gi"), new Quantity("256Mi"));
    assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsKey(ToolgateNames.CONFIG_HASH_ANNOTATION);

    assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(8080);
    var ingress = policy.getSpec().getIngress().get(0);
    assertThat(ingress.getFrom().get(0).getNamespaceSelector().getMatchLabels())
        .containsEntry("kubernetes.io/metadata.name", "toolgate-gateway");
    assertThat(ingress.getFrom().get(0).getPodSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/name", "toolgate-gateway");
    assertThat(ingress.getPorts().get(0).getPort().getIntVal()).isEqualTo(8080);
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
    assertThat(policy.getSpec().getEgress()).hasSize(2);
    assertThat(policy.getSpec().getEgress().get(1).getTo().get(0).getIpBlock().getCidr())
        .isEqualTo("10.20.0.0/16");
  }

  @Test
  void reportsReadyWithEndpointAndScopesOnceThePodsAreAvailable() {
    billing("status");
    cluster.awaitDeployment("status", "billing");
    McpTool waiting =
        cluster.awaitTool("status", "billing", toolCondition("Routed", "True", "Routed"));
    assertThat(
            condition(waiting.getStatus().getConditions(), "WorkloadReady")
                .orElseThrow()
                .getStatus())
        .isEqualTo("False");
    assertThat(condition(waiting.getStatus().getConditions(), "Ready").orElseThrow().getStatus())
        .isEqualTo("False");

    cluster.markRolledOut("status", "billing");
    McpTool ready = cluster.awaitTool("status", "billing", toolCondition("Ready", "True", "Ready"));
    assertThat(ready.getStatus().getObservedGeneration())
        .isEqualTo(ready.getMetadata().getGeneration());
    assertThat(ready.getStatus().getEndpoint())
        .isEqualTo("http://billing.status.svc.cluster.local:8080/mcp");
    assertThat(ready.getStatus().getTools())
        .extracting(t -> t.getExposedName() + "=" + t.getScopes())
        .containsExactly(
            "status.get_invoice=[status.read]", "status.send_refund=[status.send_refund]");
    assertThat(ready.getStatus().getConditions())
        .extracting(c -> c.getType() + "=" + c.getStatus())
        .containsExactly(
            "Ready=True",
            "WorkloadReady=True",
            "Routed=True",
            "PolicyValid=True",
            "SandboxIsolated=True");
  }

  @Test
  void workerPodsPassTheRestrictedPodSecurityStandard() {
    billing("podsecurity");
    Deployment deployment = cluster.awaitDeployment("podsecurity", "billing");
    ApiServer.namespace(
        admin, "restricted", Map.of("pod-security.kubernetes.io/enforce", "restricted"));
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("worker")
            .withNamespace("restricted")
            .endMetadata()
            .withSpec(deployment.getSpec().getTemplate().getSpec())
            // The RuntimeClass admission plugin would want a gVisor node pool here; Pod Security
            // does not look at the runtime class.
            .editSpec()
            .withRuntimeClassName(null)
            .endSpec()
            .build();
    // The PodSecurity admission plugin judges the pod as it would the Deployment controller's.
    assertThat(admin.resource(pod).dryRun().create().getMetadata().getName()).isEqualTo("worker");

    Pod privileged =
        new PodBuilder(pod)
            .editSpec()
            .editFirstContainer()
            .editSecurityContext()
            .withReadOnlyRootFilesystem(true)
            .withAllowPrivilegeEscalation(true)
            .endSecurityContext()
            .endContainer()
            .endSpec()
            .build();
    KubernetesClientException rejected =
        catchThrowableOfType(
            KubernetesClientException.class, () -> admin.resource(privileged).dryRun().create());
    assertThat(rejected.getMessage()).contains("restricted").contains("allowPrivilegeEscalation");
  }

  @Test
  void aConfigChangeRollsThePods() {
    billing("rollout");
    Deployment before = cluster.awaitDeployment("rollout", "billing");
    cluster.markRolledOut("rollout", "billing");
    cluster.awaitTool(
        "rollout", "billing", toolCondition("WorkloadReady", "True", "PodsAvailable"));
    String hashBefore =
        before
            .getSpec()
            .getTemplate()
            .getMetadata()
            .getAnnotations()
            .get(ToolgateNames.CONFIG_HASH_ANNOTATION);

    cluster.apply(
        """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpTool
        metadata: {name: billing, namespace: rollout}
        spec:
          toolPrefix: rollout
          image: registry.example/billing-mcp:1.4.2
          replicas: 2
          env: [{name: LOG_LEVEL, value: debug}]
          sandbox:
            runtimeClassName: gvisor
            writablePaths: [{path: /scratch, sizeLimit: 1Gi}, {path: /tmp}]
            egress:
              - {cidr: 10.20.0.0/16, ports: [5432]}
          tools:
            - name: get_invoice
              scopes: [rollout.read]
            - name: send_refund
        """,
        McpTool.class);
    Deployment after =
        await()
            .until(
                () -> admin.apps().deployments().inNamespace("rollout").withName("billing").get(),
                d ->
                    !hashBefore.equals(
                        d.getSpec()
                            .getTemplate()
                            .getMetadata()
                            .getAnnotations()
                            .get(ToolgateNames.CONFIG_HASH_ANNOTATION)));
    assertThat(after.getMetadata().getGeneration())
        .isGreaterThan(before.getMetadata().getGeneration());
    assertThat(after.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .extracting(e -> e.getName() + "=" + e.getValue())
        .containsExactly("LOG_LEVEL=debug");
    cluster.awaitTool("rollout", "billing", toolCondition("WorkloadReady", "False", "RollingOut"));
    cluster.markRolledOut("rollout", "billing");
    cluster.awaitTool("rollout", "billing", toolCondition("Ready", "True", null));
  }

  @Test
  void anInvalidSpecBecomesAConditionAndOneWarningEventNotARetryLoop() {
    ApiServer.namespace(admin, "invalid", Map.of());
    double failuresBefore = operator.failed(McpToolReconciler.NAME);
    cluster.apply(
        """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpTool
        metadata: {name: fetcher, namespace: invalid}
        spec:
          image: registry.example/fetch:1
          sandbox:
            writablePaths: [{path: /}]
            egress: [{cidr: 10.0.0.0/8, ports: [70000]}]
          tools: [{name: fetch}]
        """,
        McpTool.class);
    McpTool invalid =
        cluster.awaitTool(
            "invalid", "fetcher", toolCondition("PolicyValid", "False", "InvalidSpec"));
    String message =
        condition(invalid.getStatus().getConditions(), "PolicyValid").orElseThrow().getMessage();
    assertThat(message)
        .contains("spec.sandbox.egress[0].ports[0]")
        .contains("spec.sandbox.writablePaths[0].path");
    assertThat(condition(invalid.getStatus().getConditions(), "Ready").orElseThrow().getReason())
        .isEqualTo("InvalidSpec");
    assertThat(admin.apps().deployments().inNamespace("invalid").withName("fetcher").get())
        .isNull();

    List<Event> events =
        await()
            .until(
                () -> admin.events().v1().events().inNamespace("invalid").list().getItems(),
                e -> !e.isEmpty());
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getReason()).isEqualTo("InvalidSpec");
              assertThat(e.getRegarding().getName()).isEqualTo("fetcher");
              assertThat(e.getReportingController()).isEqualTo("toolgate.dev/operator");
            });
    assertThat(operator.failed(McpToolReconciler.NAME)).isEqualTo(failuresBefore);

    cluster.apply(
        """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpTool
        metadata: {name: fetcher, namespace: invalid}
        spec:
          image: registry.example/fetch:1
          sandbox:
            writablePaths: [{path: /cache}]
            egress: [{cidr: 10.0.0.0/8, ports: [443]}]
          tools: [{name: fetch}]
        """,
        McpTool.class);
    cluster.awaitDeployment("invalid", "fetcher");
    cluster.awaitTool("invalid", "fetcher", toolCondition("PolicyValid", "True", "Valid"));
    assertThat(admin.events().v1().events().inNamespace("invalid").list().getItems()).hasSize(1);
  }

  @Test
  void anObjectTheApiServerRejectsIsReportedAsInvalidSpec() {
    ApiServer.namespace(admin, "rejected", Map.of());
    cluster.apply(
        """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpTool
        metadata: {name: both, namespace: rejected}
        spec:
          image: registry.example/both:1
          env:
            - name: TOKEN
              valueFrom:
                secretKeyRef: {name: s, key: k}
                configMapKeyRef: {name: c, key: k}
        """,
        McpTool.class);
    McpTool tool =
        cluster.awaitTool("rejected", "both", toolCondition("PolicyValid", "False", "InvalidSpec"));
    assertThat(
            condition(tool.getStatus().getConditions(), "PolicyValid").orElseThrow().getMessage())
        .contains("rejected")
        .contains("valueFrom");
  }

  @Test
  void aRemoteToolIsRoutedWithoutAWorkload() {
    ApiServer.namespace(admin, "remote", Map.of());
    cluster.apply(
        """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpTool
        metadata: {name: docs, namespace: remote}
        spec:
          remote: {url: "https://mcp.docs.example.com/mcp"}
          tools: [{name: search}]
        """,
        McpTool.class);
    McpTool ready = cluster.awaitTool("remote", "docs", toolCondition("Ready", "True", "Ready"));
    assertThat(ready.getStatus().getEndpoint()).isEqualTo("https://mcp.docs.example.com/mcp");
    assertThat(
            condition(ready.getStatus().getConditions(), "WorkloadReady").orElseThrow().getReason())
        .isEqualTo("RemoteServer");
    assertThat(cluster.gatewayConfig().orElseThrow().upstream("remote/docs").orElseThrow().url())
        .isEqualTo("https://mcp.docs.example.com/mcp");
    assertThat(admin.apps().deployments().inNamespace("remote").list().getItems()).isEmpty();
    assertThat(admin.services().inNamespace("remote").list().getItems()).isEmpty();
    assertThat(admin.network().v1().networkPolicies().inNamespace("remote").list().getItems())
        .isEmpty();
  }

  @Test
  void turningAWorkerIntoARemoteToolDeletesItsWorkload() {
    billing("switch");
    cluster.awaitDeployment("switch", "billing");
    // The operator patches the status meanwhile: an edit can lose the resourceVersion race (409),
    // as kubectl edit can; then it is read again and retried.
    await()
        .ignoreExceptionsMatching(
            e ->
                e instanceof io.fabric8.kubernetes.client.KubernetesClientException k
                    && k.getCode() == 409)
        .until(
            () ->
                admin
                        .resources(McpTool.class)
                        .inNamespace("switch")
                        .withName("billing")
                        .edit(
                            t -> {
                              t.getSpec().setImage(null);
                              t.getSpec().setReplicas(null);
                              t.getSpec().setSandbox(null);
                              var remote = new dev.toolgate.api.v1alpha1.RemoteServer();
                              remote.setUrl("https://billing.example.com/mcp");
                              t.getSpec().setRemote(remote);
                              return t;
                            })
                    != null);
    await()
        .untilAsserted(
            () -> {
              assertThat(admin.apps().deployments().inNamespace("switch").withName("billing").get())
                  .isNull();
              assertThat(admin.services().inNamespace("switch").withName("billing").get()).isNull();
              assertThat(admin.serviceAccounts().inNamespace("switch").withName("billing").get())
                  .isNull();
              assertThat(
                      admin
                          .network()
                          .v1()
                          .networkPolicies()
                          .inNamespace("switch")
                          .withName("billing")
                          .get())
                  .isNull();
            });
    cluster.awaitTool("switch", "billing", toolCondition("WorkloadReady", "True", "RemoteServer"));
  }

  @Test
  void deletingAToolRemovesItsRoutesAndLeavesNoFinalizer() {
    McpTool tool = billing("delete");
    cluster.awaitDeployment("delete", "billing");
    cluster.awaitGatewayConfig(c -> c.upstream("delete/billing").isPresent());
    assertThat(cluster.tool("delete", "billing").getMetadata().getFinalizers()).isEmpty();

    admin.resource(tool).delete();
    await().until(() -> cluster.tool("delete", "billing") == null);
    cluster.awaitGatewayConfig(c -> c.upstream("delete/billing").isEmpty());
    // The garbage collector (not running here) deletes what the McpTool controls.
    assertThat(
            admin
                .apps()
                .deployments()
                .inNamespace("delete")
                .withName("billing")
                .get()
                .getMetadata()
                .getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getKind()).isEqualTo("McpTool");
              assertThat(o.getUid()).isEqualTo(tool.getMetadata().getUid());
            });
  }

  @Test
  void serverSideApplyConflictsWithAnotherFieldManagerAndTheOperatorWinsBack() {
    billing("conflict");
    Deployment deployment = cluster.awaitDeployment("conflict", "billing");
    Deployment theirs =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("billing")
            .withNamespace("conflict")
            .withAnnotations(Map.of("team.example/owner", "payments"))
            .endMetadata()
            .withNewSpec()
            .withReplicas(5)
            .endSpec()
            .build();

    KubernetesClientException conflict =
        catchThrowableOfType(
            KubernetesClientException.class,
            () -> admin.resource(theirs).fieldManager("team-bot").serverSideApply());
    assertThat(conflict.getCode()).isEqualTo(409);
    assertThat(conflict.getMessage()).contains("toolgate-operator").contains(".spec.replicas");

    admin.resource(theirs).fieldManager("team-bot").forceConflicts().serverSideApply();
    Deployment restored =
        await()
            .until(
                () -> admin.apps().deployments().inNamespace("conflict").withName("billing").get(),
                d ->
                    d.getSpec().getReplicas() == 2
                        && d.getMetadata().getGeneration()
                            > deployment.getMetadata().getGeneration() + 1);
    assertThat(restored.getMetadata().getAnnotations())
        .containsEntry("team.example/owner", "payments");
    Map<String, String> managers = new LinkedHashMap<>();
    restored
        .getMetadata()
        .getManagedFields()
        .forEach(f -> managers.put(f.getManager(), f.getOperation()));
    assertThat(managers)
        .containsEntry("toolgate-operator", "Apply")
        .containsEntry("team-bot", "Apply");
  }

  @Test
  void aRestartedOperatorReconcilesEverythingAndWritesNothing() {
    billing("noop");
    cluster.awaitDeployment("noop", "billing");
    cluster.markRolledOut("noop", "billing");
    cluster.awaitTool("noop", "billing", toolCondition("Ready", "True", null));
    await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
    Map<String, String> before = versions();

    operator.close();
    operator =
        RunningOperator.start(
            ApiServer.asOperator(kubeconfig),
            RunningOperator.settings("it-restarted", false, Set.of()));
    int tools = admin.resources(McpTool.class).inAnyNamespace().list().getItems().size();
    await()
        .atMost(Cluster.WAIT)
        .until(
            () ->
                operator.reconciled(McpToolReconciler.NAME) >= tools
                    && operator.reconciled(McpGatewayReconciler.NAME) >= 1);
    await().pollDelay(Duration.ofSeconds(2)).until(() -> true);

    assertThat(versions()).isEqualTo(before);
  }

  /** resourceVersion of every object in namespace noop, of the McpGateway and its ConfigMap. */
  private static Map<String, String> versions() {
    Map<String, String> versions = new LinkedHashMap<>();
    List<HasMetadata> objects = new java.util.ArrayList<>();
    objects.add(cluster.tool("noop", "billing"));
    objects.add(admin.apps().deployments().inNamespace("noop").withName("billing").get());
    objects.add(admin.services().inNamespace("noop").withName("billing").get());
    objects.add(admin.serviceAccounts().inNamespace("noop").withName("billing").get());
    objects.add(
        admin.network().v1().networkPolicies().inNamespace("noop").withName("billing").get());
    objects.add(cluster.gatewayConfigMap().orElseThrow());
    objects.add(cluster.mcpGateway());
    objects.forEach(
        o ->
            versions.put(
                o.getKind() + "/" + o.getMetadata().getName(),
                o.getMetadata().getResourceVersion()));
    return versions;
  }
}
