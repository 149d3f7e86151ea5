package dev.toolgate.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The single-node cluster of {@code scripts/kube-node.sh}, started once for all tests of this JVM
 * and stopped by {@link NodeSession} after the last one. Where the machine cannot run a node (not
 * root, no cgroups, no iptables, ...) every test that asks for it is skipped with the script's
 * reason.
 */
final class KubeNode {

  static final Path REPO =
      Path.of(System.getProperty("toolgate.repo", "..")).toAbsolutePath().normalize();
  static final Path SCRIPT = REPO.resolve("scripts/kube-node.sh");
  static final Path TARGET = Path.of("target").toAbsolutePath();
  static final Path DIR = TARGET.resolve("kube-node");
  static final Path LOGS = TARGET.resolve("cluster-tests");

  /**
   * The images the tests run, as the Jib builds and scripts/worker-image.sh leave them (imported,
   * never pulled).
   */
  static final List<Path> IMAGES =
      List.of(
          REPO.resolve("operator/target/jib-image.tar"),
          REPO.resolve("gateway/target/jib-image.tar"),
          REPO.resolve("examples/conformance-worker/target/jib-image.tar"),
          TARGET.resolve("worker-images/invoices.tar"),
          TARGET.resolve("worker-images/refunds.tar"));

  /** An image of the node with a shell, serving HTTP on 8080 (scripts/kube-node.sh). */
  static final String HTTPD_IMAGE = "localhost/toolgate-node/httpd:1";

  static final String BUSYBOX_IMAGE = "localhost/toolgate-node/busybox:1";

  private static KubeNode node;
  private static String cannotRun;
  private static boolean checked;

  final String kubeconfig;
  final KubernetesClient admin;
  final String kubectl;

  private KubeNode(String kubeconfig, String kubectl) {
    this.kubeconfig = kubeconfig;
    this.kubectl = kubectl;
    Config config = Config.fromKubeconfig(kubeconfig);
    // Two cores shared with other builds: the API server can take longer than fabric8's 10 s.
    config.setRequestTimeout(60_000);
    this.admin = new KubernetesClientBuilder().withConfig(config).build();
  }

  /**
   * Why no node can run on this machine (the first line of {@code kube-node.sh check}), or null
   * when one can. Checked once.
   */
  static synchronized String cannotRun() {
    if (!checked) {
      Result check = script("check", "--dir", DIR.toString());
      if (check.exitCode() == 3) {
        cannotRun = check.stdout().strip() + " (the tests on a real node are skipped)";
        System.err.println("[cluster-tests] " + cannotRun);
      } else {
        assertThat(check.exitCode()).as("kube-node.sh check:\n" + check).isZero();
      }
      checked = true;
    }
    return cannotRun;
  }

  /** The running node; starts it on first use. */
  static synchronized KubeNode get() {
    if (cannotRun() != null) {
      Assumptions.abort(cannotRun);
    }
    if (node == null) {
      if (!script("status", "--dir", DIR.toString())
          .stdout()
          .contains("kube-apiserver           running")) {
        // A fresh node: whatever an earlier run left in the state directory goes.
        Result purge =
            run(
                List.of(
                    "env", "PURGE=1", "bash", SCRIPT.toString(), "stop", "--dir", DIR.toString()),
                null,
                Duration.ofMinutes(5));
        assertThat(purge.exitCode()).as("kube-node.sh stop:\n" + purge).isZero();
      }
      Result start = script("start", "--dir", DIR.toString());
      assertThat(start.exitCode()).as("kube-node.sh start:\n" + start).isZero();
      List<String> load = new ArrayList<>(List.of("load", "--dir", DIR.toString()));
      for (Path image : IMAGES) {
        assertThat(image).as("the image build ran (mvn verify builds it)").exists();
        load.add(image.toString());
      }
      Result loaded = script(load.toArray(String[]::new));
      assertThat(loaded.exitCode()).as("kube-node.sh load:\n" + loaded).isZero();
      Result k8sBin =
          run(
              List.of("bash", REPO.resolve("scripts/kube-binaries.sh").toString(), "--print-dir"),
              null,
              Duration.ofSeconds(30));
      try {
        node =
            new KubeNode(
                Files.readString(DIR.resolve("etc/admin.kubeconfig")),
                Path.of(k8sBin.stdout().strip(), "kubectl").toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return node;
  }

  /** Stops the node if this JVM started it, and deletes its state (etcd, images, pod logs). */
  static synchronized void stopIfStarted() {
    if (node == null) {
      return;
    }
    node.admin.close();
    node = null;
    if (System.getenv("TOOLGATE_KEEP_NODE") != null) {
      System.err.println(
          "[cluster-tests] TOOLGATE_KEEP_NODE is set: the node keeps running; stop it with "
              + SCRIPT
              + " stop --dir "
              + DIR);
      return;
    }
    Result stop =
        run(
            List.of("env", "PURGE=1", "bash", SCRIPT.toString(), "stop", "--dir", DIR.toString()),
            null,
            Duration.ofMinutes(5));
    if (stop.exitCode() != 0) {
      System.err.println("[cluster-tests] kube-node.sh stop failed:\n" + stop);
    }
  }

  /** This machine's address, where the API server listens (port 16443). */
  String nodeIp() {
    return admin.nodes().list().getItems().getFirst().getStatus().getAddresses().stream()
        .filter(a -> a.getType().equals("InternalIP"))
        .findFirst()
        .orElseThrow()
        .getAddress();
  }

  /** {@code kubectl --kubeconfig <admin> ARGS}, with STDIN as its input. */
  Result kubectl(String stdin, String... args) {
    List<String> command = new ArrayList<>(List.of(kubectl, "--kubeconfig", kubeconfigFile()));
    command.addAll(List.of(args));
    return run(command, stdin, Duration.ofMinutes(2));
  }

  /** {@code kubectl apply --server-side -f -}: how the README applies McpTools. */
  void apply(String yaml) {
    Result applied =
        kubectl(yaml, "apply", "--server-side", "--field-manager", "kubectl", "-f", "-");
    assertThat(applied.exitCode()).as("kubectl apply:\n" + applied + "\n" + yaml).isZero();
  }

  /** A namespace with these labels, once its default ServiceAccount exists (pods need it). */
  void namespace(String name, java.util.Map<String, String> labels) {
    admin
        .resource(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .build())
        .fieldManager("kubectl")
        .serverSideApply();
    admin
        .serviceAccounts()
        .inNamespace(name)
        .withName("default")
        .waitUntilCondition(java.util.Objects::nonNull, 60, TimeUnit.SECONDS);
  }

  String kubeconfigFile() {
    return DIR.resolve("etc/admin.kubeconfig").toString();
  }

  /** Runs a command in a pod's container (the API server's exec, through the kubelet). */
  Result exec(Pod pod, String... command) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (ExecWatch watch =
        admin
            .pods()
            .inNamespace(pod.getMetadata().getNamespace())
            .withName(pod.getMetadata().getName())
            .inContainer(pod.getSpec().getContainers().getFirst().getName())
            .writingOutput(out)
            .writingError(err)
            .exec(command)) {
      int code = watch.exitCode().get(60, TimeUnit.SECONDS);
      return new Result(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException("exec " + List.of(command) + " failed", e);
    }
  }

  record Result(int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
    }
  }

  static Result script(String... args) {
    List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
    command.addAll(List.of(args));
    return run(command, null, Duration.ofMinutes(10));
  }

  static Result run(List<String> command, String stdin, Duration timeout) {
    try {
      Files.createDirectories(LOGS);
      Path err = Files.createTempFile(LOGS, "stderr", ".log");
      Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
      if (stdin != null) {
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(command + " did not end in " + timeout);
      }
      String error = Files.readString(err);
      Files.delete(err);
      return new Result(process.exitValue(), out, error);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
