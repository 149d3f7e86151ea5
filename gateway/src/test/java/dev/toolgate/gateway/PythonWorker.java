package dev.toolgate.gateway;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

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
    TypeScriptWorker.awaitListening(process, port, log, "the Python worker");
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
