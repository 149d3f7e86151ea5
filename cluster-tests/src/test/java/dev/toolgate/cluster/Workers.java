package dev.toolgate.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** McpTools the tests apply, as YAML a platform team would write. */
final class Workers {

  static final String CONFORMANCE_IMAGE = "toolgate-conformance-worker:0.1.0";

  private Workers() {}

  /**
   * The example conformance worker (MCP Java SDK) as an McpTool: its image from the Jib build, the
   * Service name it is called by as an allowed Host.
   */
  static String conformance(String namespace, String name) {
    return """
        apiVersion: toolgate.dev/v1alpha1
        kind: McpTool
        metadata: {name: %2$s, namespace: %1$s}
        spec:
          image: %3$s
          port: 8080
          env:
            - {name: MCP_ALLOWED_HOSTS, value: "%2$s.%1$s.svc.cluster.local:*"}
            - {name: WORKER_NAME, value: "%2$s"}
          resources:
            requests: {cpu: 10m, memory: 64Mi}
            limits: {cpu: "1", memory: 256Mi}
          tools:
            - name: echo
            - name: sleep
              timeout: 60s
        """
        .formatted(namespace, name, CONFORMANCE_IMAGE);
  }

  /**
   * An example worker's McpTool exactly as {@code examples/workers/<dir>/mcptool.yaml} has it, with
   * the image named as scripts/worker-image.sh tags it instead of the placeholder registry.
   */
  static String example(String dir) {
    try {
      return Files.readString(
              KubeNode.REPO.resolve("examples/workers").resolve(dir).resolve("mcptool.yaml"))
          .replace("image: registry.example/", "image: ");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
