package dev.toolgate.cluster;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import org.awaitility.core.ConditionTimeoutException;

/** TCP connections tried from inside a pod (busybox nc), and what came of them. */
final class Probe {

  enum Outcome {
    /** The connection was made. */
    CONNECTED,
    /** Refused: nothing listens, or a NetworkPolicy rejected it (kube-router rejects). */
    REFUSED,
    /** No answer: a policy dropped it. */
    TIMED_OUT,
    OTHER
  }

  private Probe() {}

  static Outcome connect(KubeNode node, Pod from, String address, int port) {
    KubeNode.Result result =
        node.exec(
            from,
            "sh",
            "-c",
            // One connection: its error message (stderr) and exit status, nothing it received.
            "nc -w 3 " + address + " " + port + " </dev/null 2>&1 >/dev/null; echo \"exit=$?\"");
    String out = result.stdout();
    if (out.contains("exit=0")) {
      return Outcome.CONNECTED;
    }
    if (out.contains("refused")) {
      return Outcome.REFUSED;
    }
    if (out.contains("timed out")) {
      return Outcome.TIMED_OUT;
    }
    return Outcome.OTHER;
  }

  /**
   * Waits until the connection has the expected outcome: kube-router enforces a policy within about
   * a second of seeing the pod, so the first tries may still see the old state.
   */
  static void expect(
      KubeNode node, Pod from, String address, int port, boolean connects, String what) {
    try {
      Outcome outcome =
          await()
              .atMost(Duration.ofSeconds(30))
              .pollInterval(Duration.ofMillis(500))
              .until(
                  () -> connect(node, from, address, port),
                  o -> connects == (o == Outcome.CONNECTED) && o != Outcome.OTHER);
      System.err.printf(
          "[cluster-tests] %-40s %s -> %s:%d %s%n",
          what, from.getMetadata().getName(), address, port, outcome);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "%s: from pod %s to %s:%d expected %s, got %s"
              .formatted(
                  what,
                  from.getMetadata().getName(),
                  address,
                  port,
                  connects ? "a connection" : "a refusal",
                  connect(node, from, address, port)),
          e);
    }
  }
}
