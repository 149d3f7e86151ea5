package dev.toolgate.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;

/** Worker processes of other SDKs the tests start: a free port, and waiting until they listen. */
final class WorkerProcesses {

  private WorkerProcesses() {}

  static int freePort() throws IOException {
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return free.getLocalPort();
    }
  }

  /** Starts the process, its output appended to {@code log}, and waits until it listens. */
  static Process start(ProcessBuilder builder, int port, Path log) throws Exception {
    Process process =
        builder
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the worker exited; see " + log);
      }
      try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return process;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("the worker did not listen on " + port + "; see " + log);
  }
}
