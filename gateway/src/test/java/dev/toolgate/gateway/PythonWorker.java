package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

/**
 * A stateful worker on the Python MCP SDK (PyPI {@code mcp}, from the venv {@code
 * scripts/example-workers.sh} installs), running {@code
 * src/test/resources/workers/stateful_echo.py}. It can be killed and started again on the same
 * port, as a restarted pod would be.
 */
final class PythonWorker implements AutoCloseable {

  private static String python;

  private final int port;
  private final Path log;
  private Process process;

  PythonWorker(Path log) throws Exception {
    port = WorkerProcesses.freePort();
    this.log = log;
    start();
  }

  String url() {
    return "http://127.0.0.1:" + port + "/mcp";
  }

  void start() throws Exception {
    Path script =
        Path.of("src", "test", "resources", "workers", "stateful_echo.py").toAbsolutePath();
    process =
        WorkerProcesses.start(
            new ProcessBuilder(python(), script.toString(), "--port", Integer.toString(port)),
            port,
            log);
  }

  /** Kills the process at once, as a crashed or evicted pod. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }

  private static synchronized String python() throws Exception {
    if (python == null) {
      python = NodeTools.run("example-workers.sh").get("python");
      assertThat(python).as("the venv's python").isNotNull();
    }
    return python;
  }
}
