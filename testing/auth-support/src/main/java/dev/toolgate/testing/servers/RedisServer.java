package dev.toolgate.testing.servers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis (Debian's {@code redis-server}, which {@code .ci/run} installs) on a free loopback
 * port with its own temp directory, started by the test and stopped after it; never a system
 * service. It can be killed and started again on the same port, as an outage looks.
 */
public final class RedisServer implements AutoCloseable {

  private static final String BINARY = "/usr/bin/redis-server";

  private final Path dir;
  private final int port;
  private Process process;

  private RedisServer(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /** Debian's redis-server is on this machine. */
  public static boolean installed() {
    return Files.isExecutable(Path.of(BINARY));
  }

  /** Starts Redis and waits until it answers PING. */
  public static RedisServer start() throws IOException, InterruptedException {
    if (!installed()) {
      throw new IllegalStateException(
          BINARY + " is missing: install Debian's redis-server (.ci/run does)");
    }
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    RedisServer server = new RedisServer(Files.createTempDirectory("toolgate-redis"), port);
    server.launch();
    return server;
  }

  private void launch() throws IOException, InterruptedException {
    process =
        new ProcessBuilder(
                List.of(
                    BINARY,
                    "--port",
                    Integer.toString(port),
                    "--bind",
                    "127.0.0.1",
                    "--dir",
                    dir.toString(),
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--daemonize",
                    "no",
                    "--protected-mode",
                    "yes"))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis.log").toFile())
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!"+PONG".equals(command("PING"))) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "redis-server did not start: " + Files.readString(dir.resolve("redis.log")));
      }
      Thread.sleep(20);
    }
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** Kills Redis at once (SIGKILL), as a crash or a lost node. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** Starts Redis again on the same port, empty. */
  public void restart() throws IOException, InterruptedException {
    launch();
  }

  /**
   * Sends one inline command and returns the first line of the reply ({@code null} when Redis does
   * not answer); for reading keys a test wants to check.
   */
  public String command(String inline) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(2000);
      OutputStream out = socket.getOutputStream();
      out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      return readLine(socket.getInputStream());
    } catch (IOException e) {
      return null;
    }
  }

  /** The text of {@code INFO section}, for example its command statistics. */
  public String info(String section) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(2000);
      OutputStream out = socket.getOutputStream();
      out.write(("INFO " + section + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      return readBulk(socket.getInputStream());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every key and its string value (hashes as their fields), as raw text, for leak checks. */
  public String dump() {
    StringBuilder all = new StringBuilder();
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(2000);
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      out.write("KEYS *\r\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      List<String> keys = readArray(in);
      for (String key : keys) {
        all.append(key).append(" = ");
        out.write(("TYPE " + key + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        String type = readLine(in);
        String read = "+hash".equals(type) ? "HGETALL " : "+string".equals(type) ? "GET " : null;
        if (read != null) {
          out.write((read + key + "\r\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
          if (read.startsWith("GET")) {
            all.append(readBulk(in));
          } else {
            all.append(readArray(in));
          }
        }
        all.append('\n');
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return all.toString();
  }

  private static List<String> readArray(InputStream in) throws IOException {
    String head = readLine(in);
    int n = Integer.parseInt(head.substring(1));
    java.util.ArrayList<String> items = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      items.add(readBulk(in));
    }
    return items;
  }

  private static String readBulk(InputStream in) throws IOException {
    String head = readLine(in);
    int length = Integer.parseInt(head.substring(1));
    if (length < 0) {
      return null;
    }
    byte[] bytes = in.readNBytes(length + 2);
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\r') {
        in.read();
        return line.toString();
      }
      line.append((char) b);
    }
    return line.isEmpty() ? null : line.toString();
  }

  @Override
  public void close() throws Exception {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
