package dev.toolgate.gateway;

import java.nio.file.Path;
import java.util.Map;

/**
 * The TypeScript SDK's reference server ({@code @modelcontextprotocol/server-everything},
 * streamable HTTP) as a worker process: a worker built on another SDK than ours, which answers a
 * session it does not know with 400 where the Java SDK answers 404. It can be killed and started
 * again on the same port, as a restarted pod would be. {@link #script} runs a worker of our own
 * written on the same SDK instead (under {@code src/test/resources/workers}).
 */
final class TypeScriptWorker implements AutoCloseable {

  private final int port;
  private final Path log;
  private final String script;
  private Process process;

  TypeScriptWorker(Path log) throws Exception {
    this(log, null);
  }

  private TypeScriptWorker(Path log, String script) throws Exception {
    port = WorkerProcesses.freePort();
    this.log = log;
    this.script = script;
    start();
  }

  /** A worker script of ours on the TypeScript SDK, by its file name under the test resources. */
  static TypeScriptWorker script(Path log, String fileName) throws Exception {
    Path file = Path.of("src", "test", "resources", "workers", fileName).toAbsolutePath();
    return new TypeScriptWorker(log, file.toString());
  }

  String url() {
    return "http://127.0.0.1:" + port + "/mcp";
  }

  void start() throws Exception {
    Map<String, String> tools = NodeTools.install();
    ProcessBuilder builder =
        script == null
            ? new ProcessBuilder(tools.get("node"), tools.get("everything"), "streamableHttp")
            : new ProcessBuilder(tools.get("node"), script);
    builder.environment().put("PORT", Integer.toString(port));
    // The SDK server-everything depends on, for our own scripts.
    builder
        .environment()
        .put(
            "TOOLGATE_TS_SDK",
            Path.of(tools.get("everything"))
                .getParent()
                .getParent()
                .resolveSibling("sdk")
                .toString());
    process = WorkerProcesses.start(builder, port, log);
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
}
