package dev.toolgate.operator.it;

import static dev.toolgate.operator.it.Cluster.condition;
import static dev.toolgate.operator.it.Cluster.scopeCondition;
import static dev.toolgate.operator.it.Cluster.toolCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.toolgate.api.v1alpha1.McpScope;
import dev.toolgate.api.v1alpha1.McpTool;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Failures to write reach status: an RBAC 403 and admission denials (ValidatingAdmissionPolicy) on
 * the worker objects and on an McpScope's status give Ready=False with a reason and a Warning event
 * while the operator retries, and Ready recovers once the cause is gone.
 */
class ErrorStatusIT extends OperatorOnApiServer {

  private static McpTool worker(String namespace) {
    ApiServer.namespace(admin, namespace, Map.of("toolgate-test", namespace));
    return cluster.apply(
        """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpTool
        metadata: {name: billing, namespace: %s}
        spec:
          toolPrefix: %s
          image: registry.example/billing-mcp:1.4.2
          tools: [{name: get_invoice}]
        """
            .formatted(namespace, namespace),
        McpTool.class);
  }

  private static List<Event> awaitEvent(String namespace, String reason) {
    return await()
        .atMost(Cluster.WAIT)
        .until(
            () -> admin.events().v1().events().inNamespace(namespace).list().getItems(),
            events -> events.stream().anyMatch(e -> reason.equals(e.getReason())));
  }

  @Test
  void anRbacDenialShowsOnReadyWithAnEventAndReadyRecoversOnceTheVerbIsGranted() {
    ClusterRole original =
        admin.rbac().clusterRoles().withName(ApiServer.OPERATOR_SERVICE_ACCOUNT).get();
    // The operator may no longer create Services: everything else about the worker still works.
    List<PolicyRule> rules = new ArrayList<>();
    for (PolicyRule rule : original.getRules()) {
      if (rule.getResources().contains("services")) {
        PolicyRule withoutServices =
            new io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder(rule)
                .withResources(
                    rule.getResources().stream().filter(r -> !r.equals("services")).toList())
                .build();
        rules.add(withoutServices);
        rules.add(
            new io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder(rule)
                .withResources("services")
                .withVerbs(rule.getVerbs().stream().filter(v -> !v.equals("create")).toList())
                .build());
      } else {
        rules.add(rule);
      }
    }
    admin
        .rbac()
        .clusterRoles()
        .withName(original.getMetadata().getName())
        .edit(
            r -> {
              r.setRules(rules);
              return r;
            });
    try {
      worker("rbac");
      McpTool failing =
          cluster.awaitTool("rbac", "billing", toolCondition("Ready", "False", "ApplyForbidden"));
      Condition ready = condition(failing.getStatus().getConditions(), "Ready").orElseThrow();
      assertThat(ready.getMessage())
          .startsWith("applying the service failed")
          .contains("cannot create resource \"services\"")
          .endsWith("retrying")
          .doesNotContain("\n")
          .doesNotContain("at io.")
          .doesNotContain("Bearer");
      assertThat(ready.getObservedGeneration()).isEqualTo(failing.getMetadata().getGeneration());
      List<Event> events = awaitEvent("rbac", "ApplyForbidden");
      assertThat(events)
          .filteredOn(e -> "ApplyForbidden".equals(e.getReason()))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.getType()).isEqualTo("Warning");
                assertThat(e.getRegarding().getName()).isEqualTo("billing");
              });
      // The Deployment is not held up by the Service.
      cluster.awaitDeployment("rbac", "billing");
    } finally {
      admin
          .rbac()
          .clusterRoles()
          .withName(original.getMetadata().getName())
          .edit(
              r -> {
                r.setRules(original.getRules());
                return r;
              });
    }
    // JOSDK's retry picks the Service up without any change to the McpTool.
    await()
        .atMost(Cluster.WAIT)
        .until(() -> admin.services().inNamespace("rbac").withName("billing").get() != null);
    cluster.markRolledOut("rbac", "billing");
    cluster.awaitTool("rbac", "billing", toolCondition("Ready", "True", "Ready"));
  }

  @Test
  void anAdmissionPolicyDenialShowsOnReadyAndReadyRecoversWhenThePolicyGoes() {
    denyWithPolicy("no-services", "services", "", "false", "Services are frozen in this namespace");
    String namespace = "frozen";
    ApiServer.namespace(admin, namespace, Map.of("toolgate-test", namespace));
    bind("no-services", namespace);
    awaitDenied(
        () ->
            admin
                .resource(
                    new ServiceBuilder()
                        .withNewMetadata()
                        .withName("probe")
                        .withNamespace(namespace)
                        .endMetadata()
                        .withNewSpec()
                        .addNewPort()
                        .withPort(80)
                        .endPort()
                        .endSpec()
                        .build())
                .dryRun()
                .create());

    worker(namespace);
    McpTool failing =
        cluster.awaitTool(namespace, "billing", toolCondition("Ready", "False", "AdmissionDenied"));
    assertThat(condition(failing.getStatus().getConditions(), "Ready").orElseThrow().getMessage())
        .contains("Services are frozen in this namespace");
    awaitEvent(namespace, "AdmissionDenied");

    admin
        .resources(
            io.fabric8.kubernetes.api.model.admissionregistration.v1
                .ValidatingAdmissionPolicyBinding.class)
        .withName("no-services-" + namespace)
        .delete();
    await()
        .atMost(Cluster.WAIT)
        .until(() -> admin.services().inNamespace(namespace).withName("billing").get() != null);
    cluster.markRolledOut(namespace, "billing");
    cluster.awaitTool(namespace, "billing", toolCondition("Ready", "True", "Ready"));
  }

  @Test
  void aDeniedStatusWriteShowsOnTheMcpScopeAndReadyRecovers() {
    // The McpScope's own status write is refused while it would say Ready=True.
    denyWithPolicy(
        "no-ready-scopes",
        "mcpscopes/status",
        "toolgate.dev",
        "!has(object.status) || !has(object.status.conditions) ||"
            + " object.status.conditions.all(c, c.type != 'Ready' || c.status != 'True')",
        "Scopes may not turn Ready here");
    String namespace = "scopes";
    worker(namespace);
    bind("no-ready-scopes", namespace);
    scope(namespace, "probe", "billing/nothing");
    cluster.awaitScope(namespace, "probe", s -> s.getStatus() != null);
    awaitDenied(
        () ->
            admin
                .resources(McpScope.class)
                .inNamespace(namespace)
                .withName("probe")
                .dryRun()
                .editStatus(
                    s -> {
                      s.getStatus()
                          .setConditions(
                              List.of(
                                  new io.fabric8.kubernetes.api.model.ConditionBuilder()
                                      .withType("Ready")
                                      .withStatus("True")
                                      .withReason("Probe")
                                      .withMessage("probe")
                                      .withLastTransitionTime("2026-01-01T00:00:00Z")
                                      .build()));
                      return s;
                    }));
    scope(namespace, "readers", "billing/get_invoice");
    McpScope failing =
        cluster.awaitScope(
            namespace, "readers", scopeCondition("Ready", "False", "AdmissionDenied"));
    assertThat(condition(failing.getStatus().getConditions(), "Ready").orElseThrow().getMessage())
        .contains("Scopes may not turn Ready here");
    awaitEvent(namespace, "AdmissionDenied");

    admin
        .resources(
            io.fabric8.kubernetes.api.model.admissionregistration.v1
                .ValidatingAdmissionPolicyBinding.class)
        .withName("no-ready-scopes-" + namespace)
        .delete();
    cluster.awaitScope(namespace, "readers", scopeCondition("Ready", "True", "InForce"));
  }

  private static void scope(String namespace, String name, String grant) {
    cluster.apply(
        """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpScope
        metadata: {name: %s, namespace: %s}
        spec:
          scope: %s.%s
          tools: [%s]
        """
            .formatted(name, namespace, namespace, name, grant),
        McpScope.class);
  }

  private static void denyWithPolicy(
      String name, String resource, String group, String expression, String message) {
    for (HasMetadata object :
        ApiServer.load(
            """
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata: {name: %s}
            spec:
              failurePolicy: Fail
              matchConstraints:
                resourceRules:
                  - apiGroups: ["%s"]
                    apiVersions: ["*"]
                    operations: ["CREATE", "UPDATE"]
                    resources: ["%s"]
              validations:
                - expression: "%s"
                  message: "%s"
            """
                .formatted(name, group, resource, expression, message))) {
      admin.resource(object).fieldManager("kubectl").forceConflicts().serverSideApply();
    }
  }

  private static void bind(String policy, String namespace) {
    for (HasMetadata object :
        ApiServer.load(
            """
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicyBinding
            metadata: {name: %s-%s}
            spec:
              policyName: %s
              validationActions: [Deny]
              matchResources:
                namespaceSelector:
                  matchLabels: {toolgate-test: %s}
            """
                .formatted(policy, namespace, policy, namespace))) {
      admin.resource(object).fieldManager("kubectl").forceConflicts().serverSideApply();
    }
  }

  /** The API server loads policies asynchronously: wait until the probe is refused. */
  private static void awaitDenied(Runnable probe) {
    await()
        .atMost(Cluster.WAIT)
        .ignoreExceptionsMatching(e -> false)
        .until(
            () -> {
              try {
                probe.run();
                return false;
              } catch (KubernetesClientException e) {
                return true;
              }
            });
  }
}
