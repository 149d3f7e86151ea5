package dev.toolgate.cluster;

import static dev.toolgate.cluster.Toolgate.TOOLS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The worker sandbox shown with packets and syscalls on a real node, not object shapes. The worker
 * under test runs an image with a shell (busybox httpd on its MCP port), so the checks run inside
 * the very pod the operator made: same labels, ServiceAccount, NetworkPolicy and security context
 * as any worker. Every refusal has a control: an unconfined pod reaches the same address and port,
 * so a refusal is the policy, not a missing listener.
 */
@ExtendWith(RequiresNode.class)
class SandboxIT {

  static final String OUTSIDE = "outside";

  static Toolgate toolgate;
  static KubeNode node;
  static EgressTarget targets;
  static Pod worker;
  static Pod otherWorker;
  static Pod outsider;
  static Pod impostor;
  static String apiServer;

  @BeforeAll
  static void start() throws Exception {
    toolgate = Toolgate.get();
    node = toolgate.node;
    targets = new EgressTarget();
    apiServer = node.nodeIp();
    node.apply(Workers.conformance(TOOLS, "conformance"));
    node.apply(
        """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpTool
        metadata: {name: probe, namespace: %s}
        spec:
          image: %s
          port: 8080
          resources:
            requests: {cpu: 5m, memory: 16Mi}
            limits: {cpu: 200m, memory: 64Mi}
          sandbox:
            writablePaths: [{path: /scratch, sizeLimit: 16Mi}]
            egress:
              - cidr: %s/32
                ports: [%d]
        """
            .formatted(TOOLS, KubeNode.HTTPD_IMAGE, EgressTarget.ALLOWED, EgressTarget.PORT));
    // A pod nobody confines, in a namespace of its own; and one in the workers' namespace that
    // wears the gateway pods' labels.
    Map<String, String> gatewayLabels =
        node.admin
            .apps()
            .deployments()
            .inNamespace(Toolgate.NAMESPACE)
            .withName("toolgate-gateway")
            .get()
            .getSpec()
            .getTemplate()
            .getMetadata()
            .getLabels();
    node.namespace(OUTSIDE, Map.of());
    node.apply(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: outsider, namespace: %1$s}
        spec:
          terminationGracePeriodSeconds: 1
          containers:
            - {name: sh, image: %2$s, command: [sleep, infinity]}
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: impostor
          namespace: %3$s
          labels: %4$s
        spec:
          terminationGracePeriodSeconds: 1
          securityContext: {runAsNonRoot: true, runAsUser: 65532, seccompProfile: {type: RuntimeDefault}}
          containers:
            - name: sh
              image: %2$s
              command: [sleep, infinity]
              securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
        """
            .formatted(
                OUTSIDE, KubeNode.BUSYBOX_IMAGE, TOOLS, Serialization.asJson(gatewayLabels)));
    toolgate.awaitCondition(TOOLS, "probe", "WorkloadReady", "True", "PodsAvailable");
    worker = toolgate.readyWorkerPod(TOOLS, "probe");
    otherWorker = toolgate.readyWorkerPod(TOOLS, "conformance");
    outsider = ready(OUTSIDE, "outsider");
    impostor = ready(TOOLS, "impostor");
  }

  @AfterAll
  static void stop() {
    if (targets != null) {
      targets.close();
    }
  }

  private static Pod ready(String namespace, String name) {
    return node.admin
        .pods()
        .inNamespace(namespace)
        .withName(name)
        .waitUntilCondition(
            p ->
                p != null
                    && p.getStatus().getConditions().stream()
                        .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True")),
            2,
            java.util.concurrent.TimeUnit.MINUTES);
  }

  @Test
  void theWorkerReachesWhatItsEgressAllowsAndNothingElse() {
    String otherIp = otherWorker.getStatus().getPodIP();
    String otherService =
        node.admin
            .services()
            .inNamespace(TOOLS)
            .withName("conformance")
            .get()
            .getSpec()
            .getClusterIP();

    // Declared: the allowed address on the allowed port.
    Probe.expect(node, worker, EgressTarget.ALLOWED, EgressTarget.PORT, true, "declared egress");
    // Cluster DNS is allowed, and answers with cluster names.
    KubeNode.Result dns =
        node.exec(worker, "nslookup", "conformance." + TOOLS + ".svc.cluster.local");
    assertThat(dns.stdout()).as(dns.toString()).contains(otherService);

    // Undeclared: another port of the same host, another host, another worker (pod and Service),
    // the API server (Service address and its real address).
    Probe.expect(
        node, worker, EgressTarget.ALLOWED, EgressTarget.OTHER_PORT, false, "undeclared port");
    Probe.expect(
        node, worker, EgressTarget.UNDECLARED, EgressTarget.PORT, false, "undeclared CIDR");
    Probe.expect(node, worker, otherIp, 8080, false, "another worker's pod");
    Probe.expect(node, worker, otherService, 8080, false, "another worker's Service");
    Probe.expect(node, worker, "10.96.0.1", 443, false, "the API server's Service");
    Probe.expect(node, worker, apiServer, 16443, false, "the API server");

    // Controls: the same addresses from a pod no policy selects.
    Probe.expect(node, outsider, EgressTarget.ALLOWED, EgressTarget.OTHER_PORT, true, "control");
    Probe.expect(node, outsider, EgressTarget.UNDECLARED, EgressTarget.PORT, true, "control");
    Probe.expect(node, outsider, "10.96.0.1", 443, true, "control");
    Probe.expect(node, outsider, apiServer, 16443, true, "control");
  }

  @Test
  void onlyTheGatewayReachesAWorkersPort() {
    String workerIp = otherWorker.getStatus().getPodIP();
    Probe.expect(node, outsider, workerIp, 8080, false, "a pod in another namespace");
    Probe.expect(node, impostor, workerIp, 8080, false, "a pod wearing the gateway's labels");
    Probe.expect(node, outsider, worker.getStatus().getPodIP(), 8080, false, "the probe worker");
    // Control: the gateway Service admits anyone, so the outsider's connections do work.
    String gateway =
        node.admin
            .services()
            .inNamespace(Toolgate.NAMESPACE)
            .withName("toolgate-gateway")
            .get()
            .getSpec()
            .getClusterIP();
    Probe.expect(node, outsider, gateway, 80, true, "control: the gateway Service");
    // The gateway itself does reach the worker's port: WorkerThroughGatewayIT calls its tools.
  }

  @Test
  void theRootFilesystemIsReadOnlyAndOnlyDeclaredPathsAreWritable() {
    KubeNode.Result root = node.exec(worker, "touch", "/written-by-worker");
    assertThat(root.exitCode()).isNotZero();
    assertThat(root.stderr() + root.stdout()).contains("Read-only file system");
    KubeNode.Result tmp = node.exec(worker, "touch", "/tmp/written-by-worker");
    assertThat(tmp.exitCode()).as("/tmp is not declared").isNotZero();
    KubeNode.Result scratch =
        node.exec(worker, "sh", "-c", "echo data > /scratch/file && cat /scratch/file");
    assertThat(scratch.exitCode()).as(scratch.toString()).isZero();
    assertThat(scratch.stdout()).isEqualTo("data\n");
  }

  @Test
  void theWorkerRunsAsTheNonRootUserWithoutAServiceAccountToken() {
    assertThat(node.exec(worker, "id", "-u").stdout().strip()).isEqualTo("65532");
    assertThat(node.exec(worker, "id", "-g").stdout().strip()).isEqualTo("65532");
    // No capabilities: the effective set in /proc is empty.
    String status = node.exec(worker, "cat", "/proc/self/status").stdout();
    Map<String, String> caps =
        status
            .lines()
            .filter(
                l -> l.startsWith("Cap") || l.startsWith("NoNewPrivs") || l.startsWith("Seccomp:"))
            .collect(Collectors.toMap(l -> l.split(":")[0], l -> l.split(":")[1].strip()));
    assertThat(caps).containsEntry("CapEff", "0000000000000000");
    assertThat(caps).containsEntry("CapPrm", "0000000000000000");
    assertThat(caps).containsEntry("NoNewPrivs", "1");
    assertThat(caps).containsEntry("Seccomp", "2");
    KubeNode.Result token =
        node.exec(worker, "ls", "/var/run/secrets/kubernetes.io/serviceaccount");
    assertThat(token.exitCode()).isNotZero();
    assertThat(token.stderr() + token.stdout()).contains("No such file or directory");
    assertThat(node.exec(worker, "sh", "-c", "mount | grep -c serviceaccount").stdout().strip())
        .isEqualTo("0");
  }
}
