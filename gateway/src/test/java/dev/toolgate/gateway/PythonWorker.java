package dev.toolgate.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A worker built on the official Python MCP SDK (PyPI {@code mcp}, in the venv of {@code
 * scripts/example-workers.sh}): {@code src/test/python/conformance_worker.py}, which has what the
 * conformance suite's scenarios call by name.
 */
final class PythonWorker implements AutoCloseable {

  private final int port;
  private final Process process;

  PythonWorker(Path log) throws Exception {
    String python = NodeTools.installedBy("example-workers.sh").get("python");
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    Path script = Path.of("src", "test", "python", "conformance_worker.py").toAbsolutePath();
    process =
        new ProcessBuilder(python, script.toString(), "--port", Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the Python worker exited; see " + log);
      }
      try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("the Python worker did not listen on " + port + "; see " + log);
  }

  String url() {
    return "http://127.0.0.1:" + port + "/mcp";
  }

  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }
}
