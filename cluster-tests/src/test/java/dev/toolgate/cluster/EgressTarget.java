package dev.toolgate.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two "outside" hosts for egress tests, on this machine: a network namespace the test creates (held
 * by a process, not named under /run/netns), attached to the node's pod bridge, holding
 * 203.0.113.10 and 198.51.100.10 (documentation ranges) with HTTP servers on ports 7443 and 7444.
 * Pods reach them routed through the node, as they would reach a database outside the cluster;
 * nothing leaves the machine. Closing ends the processes, and the namespace and its link go with
 * them.
 */
final class EgressTarget implements AutoCloseable {

  static final String VETH = "tg-egress0";
  static final String BRIDGE = "toolgate0";
  static final String ALLOWED = "203.0.113.10";
  static final String UNDECLARED = "198.51.100.10";
  static final int PORT = 7443;
  static final int OTHER_PORT = 7444;

  private final List<Process> processes = new ArrayList<>();

  EgressTarget() throws IOException {
    cleanUp();
    Path www = Files.createDirectories(KubeNode.TARGET.resolve("egress-target"));
    Files.writeString(www.resolve("index.html"), "egress target\n");
    Process holder = new ProcessBuilder("unshare", "--net", "sleep", "infinity").start();
    processes.add(holder);
    String pid = String.valueOf(holder.pid());
    String in = "nsenter -t " + pid + " -n ";
    // unshare has exec'd sleep by the time the namespace is there; wait for it to differ.
    for (int i = 0; i < 50 && sameNetns(pid); i++) {
      sleep();
    }
    sh("ip link add " + VETH + " type veth peer name eth0 netns " + pid);
    sh("ip link set " + VETH + " master " + BRIDGE + " up");
    for (String address : List.of(ALLOWED, UNDECLARED)) {
      sh(in + "ip addr add " + address + "/32 dev eth0");
      sh("ip route replace " + address + "/32 dev " + BRIDGE);
      // A neighbour entry left by an earlier run would point at a veth that is gone.
      quiet("ip neigh flush dev " + BRIDGE + " to " + address);
    }
    sh(in + "ip link set lo up");
    sh(in + "ip link set eth0 up");
    sh(in + "ip route add 10.244.0.1/32 dev eth0");
    sh(in + "ip route add 10.244.0.0/16 via 10.244.0.1 dev eth0");
    for (int port : List.of(PORT, OTHER_PORT)) {
      processes.add(
          new ProcessBuilder(
                  "nsenter",
                  "-t",
                  pid,
                  "-n",
                  "busybox",
                  "httpd",
                  "-f",
                  "-p",
                  String.valueOf(port),
                  "-h",
                  www.toString())
              .redirectErrorStream(true)
              .redirectOutput(KubeNode.LOGS.resolve("egress-" + port + ".log").toFile())
              .start());
    }
  }

  @Override
  public void close() {
    for (Process process : processes) {
      process.destroy();
    }
    for (Process process : processes) {
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    processes.clear();
    cleanUp();
  }

  private static void cleanUp() {
    for (String address : List.of(ALLOWED, UNDECLARED)) {
      quiet("ip route del " + address + "/32 dev " + BRIDGE);
    }
    quiet("ip link del " + VETH);
  }

  private static boolean sameNetns(String pid) {
    try {
      return Files.readSymbolicLink(Path.of("/proc", pid, "ns", "net"))
          .equals(Files.readSymbolicLink(Path.of("/proc/self/ns/net")));
    } catch (IOException e) {
      return true;
    }
  }

  private static void sleep() {
    try {
      TimeUnit.MILLISECONDS.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sh(String command) {
    KubeNode.Result result =
        KubeNode.run(List.of("sh", "-c", command), null, Duration.ofSeconds(30));
    assertThat(result.exitCode()).as(command + "\n" + result).isZero();
  }

  private static void quiet(String command) {
    try {
      Process process = new ProcessBuilder("sh", "-c", command + " 2>/dev/null").start();
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (IOException e) {
      // nothing to clean up
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
