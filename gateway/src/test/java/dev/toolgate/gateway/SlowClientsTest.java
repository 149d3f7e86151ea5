package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.examples.conformance.ConformanceWorker;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that hold connections without sending: a body declared large that never comes, and a body
 * trickled below the minimum data rate. Both are cut off (and nothing is allocated for the declared
 * length: the body buffer grows only as bytes arrive), while normal clients are served.
 */
class SlowClientsTest {

  @TempDir static java.nio.file.Path temp;

  private static ConformanceWorker worker;
  private static GatewayFixture gateway;

  @BeforeAll
  static void start() throws Exception {
    worker = ConformanceWorker.start(0, "alpha");
    gateway =
        GatewayFixture.start(
            temp,
            List.of(new GatewayFixture.Upstream("tools", "alpha", worker.url(), "alpha")),
            options -> options.withClientIdleTimeout(Duration.ofSeconds(1)));
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
    worker.close();
  }

  @Test
  void declaredBodiesThatNeverArriveAreCutOffAndCostNoMemory() throws Exception {
    List<Socket> sockets = new ArrayList<>();
    // What the open requests hold, not the garbage earlier tests in this JVM left behind.
    long before = retainedHeap();
    try {
      for (int i = 0; i < 200; i++) {
        Socket socket = connect();
        send(socket, head(4 * 1024 * 1024 - 1));
        sockets.add(socket);
      }
      // 200 x 4 MiB declared would be 800 MiB if allocated up front; the test JVM has far less.
      assertThat(retainedHeap() - before).isLessThan(512L * 1024 * 1024);
      for (Socket socket : sockets) {
        assertThat(closedWithin(socket, Duration.ofSeconds(15))).isTrue();
      }
    } finally {
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }

  /** Heap in use after a full collection (G1 runs one for {@code System.gc()}). */
  private static long retainedHeap() {
    Runtime runtime = Runtime.getRuntime();
    System.gc();
    return runtime.totalMemory() - runtime.freeMemory();
  }

  @Test
  void aBodyTrickledBelowTheMinimumRateIsCutOff() throws Exception {
    try (Socket socket = connect()) {
      String body = RawMcp.INITIALIZE;
      send(socket, head(body.length()));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      boolean cut = false;
      for (int i = 0; i < body.length() && System.nanoTime() < deadline; i++) {
        try {
          send(socket, body.substring(i, i + 1));
          Thread.sleep(300);
        } catch (java.io.IOException e) {
          cut = true;
          break;
        }
        if (socket.getInputStream().available() > 0) {
          cut = true;
          break;
        }
      }
      assertThat(cut || closedWithin(socket, Duration.ofSeconds(5)))
          .as("the gateway answered or closed before the body was complete")
          .isTrue();
    }
  }

  private static Socket connect() throws Exception {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), gateway.gateway().port());
    socket.setSoTimeout(500);
    return socket;
  }

  private static String head(int contentLength) {
    return "POST /mcp HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        + "Accept: application/json, text/event-stream\r\nContent-Length: "
        + contentLength
        + "\r\n\r\n";
  }

  private static void send(Socket socket, String text) throws Exception {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** Reads whatever the gateway sends until it closes the connection. */
  private static boolean closedWithin(Socket socket, Duration limit) throws Exception {
    InputStream in = socket.getInputStream();
    long deadline = System.nanoTime() + limit.toNanos();
    byte[] buffer = new byte[4096];
    while (System.nanoTime() < deadline) {
      try {
        if (in.read(buffer) == -1) {
          return true;
        }
      } catch (java.net.SocketTimeoutException e) {
        // nothing yet
      } catch (java.net.SocketException reset) {
        return true;
      }
    }
    return false;
  }
}
