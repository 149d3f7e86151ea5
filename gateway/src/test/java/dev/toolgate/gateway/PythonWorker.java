package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

/**
 * A worker on the Python MCP SDK (PyPI {@code mcp}, from the venv {@code
 * scripts/example-workers.sh} installs), running one of the test's Python scripts. It can be killed
 * and started again on the same port, as a restarted pod would be.
 */
final class PythonWorker implements AutoCloseable {

  private static String python;

  private final Path script;
  private final int port;
  private final Path log;
  private Process process;

  private PythonWorker(Path script, Path log) throws Exception {
    this.script = script.toAbsolutePath();
    port = WorkerProcesses.freePort();
    this.log = log;
    start();
  }

  /** {@code src/test/resources/workers/stateful_echo.py}: sessions, one echo tool. */
  static PythonWorker statefulEcho(Path log) throws Exception {
    return new PythonWorker(
        Path.of("src", "test", "resources", "workers", "stateful_echo.py"), log);
  }

  /**
   * {@code src/test/python/conformance_worker.py}: what the conformance suite's scenarios call by
   * name.
   */
  static PythonWorker conformance(Path log) throws Exception {
    return new PythonWorker(Path.of("src", "test", "python", "conformance_worker.py"), log);
  }

  String url() {
    return "http://127.0.0.1:" + port + "/mcp";
  }

  void start() throws Exception {
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
