package dev.toolgate.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The TypeScript SDK's reference server ({@code @modelcontextprotocol/server-everything},
 * streamable HTTP) as a worker process: a worker built on another SDK than ours, which answers a
 * session it does not know with 400 where the Java SDK answers 404. It can be killed and started
 * again on the same port, as a restarted pod would be.
 */
final class TypeScriptWorker implements AutoCloseable {

  private final int port;
  private final Path log;
  private Process process;

  TypeScriptWorker(Path log) throws Exception {
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    this.log = log;
    start();
  }

  String url() {
    return "http://127.0.0.1:" + port + "/mcp";
  }

  void start() throws Exception {
    Map<String, String> tools = NodeTools.install();
    ProcessBuilder builder =
        new ProcessBuilder(tools.get("node"), tools.get("everything"), "streamableHttp")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("PORT", Integer.toString(port));
    process = builder.start();
    awaitListening(process, port, log, "server-everything");
  }

  /** Waits until a worker process listens on its port; fails when it exits or takes 30 s. */
  static void awaitListening(Process process, int port, Path log, String what) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(what + " exited; see " + log);
      }
      try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException(what + " did not listen on " + port + "; see " + log);
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
