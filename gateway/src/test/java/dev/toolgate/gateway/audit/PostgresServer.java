package dev.toolgate.gateway.audit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL (Debian's {@code postgresql-15}) for one test class: its own cluster in a temp
 * directory on a free loopback port, never the system service. PostgreSQL refuses to run as root,
 * so as root it runs as the {@code postgres} user the Debian package creates.
 */
public final class PostgresServer implements AutoCloseable {

  private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
  private static final String USER = "toolgate";

  private final Path dir;
  private final int port;

  private PostgresServer(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /** Creates a cluster and starts it; waits until it takes connections. */
  public static PostgresServer start() throws IOException, InterruptedException {
    if (!Files.isExecutable(BIN.resolve("initdb"))) {
      throw new IllegalStateException(
          BIN + "/initdb is missing: install Debian's postgresql (.ci/run does)");
    }
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    Path dir = Files.createTempDirectory("toolgate-postgres");
    PostgresServer server = new PostgresServer(dir, port);
    server.asOwner(List.of("chown", "-R", "postgres", dir.toString()), true);
    server.run(
        BIN.resolve("initdb").toString(),
        "-D",
        dir.resolve("data").toString(),
        "-U",
        USER,
        "--auth=trust",
        "-E",
        "UTF8",
        "--no-sync");
    server.startAgain();
    return server;
  }

  /** Starts the stopped server again, same data, same port. */
  public void startAgain() throws IOException, InterruptedException {
    run(
        BIN.resolve("pg_ctl").toString(),
        "-D",
        dir.resolve("data").toString(),
        "-l",
        dir.resolve("postgres.log").toString(),
        "-o",
        "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1",
        "-w",
        "start");
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try (Connection c = DriverManager.getConnection(url(), USER, "")) {
        return;
      } catch (SQLException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("PostgreSQL does not take connections", e);
        }
        Thread.sleep(50);
      }
    }
  }

  /** Stops it at once, as a crash would ({@code pg_ctl stop -m immediate}). */
  public void crash() throws IOException, InterruptedException {
    run(
        BIN.resolve("pg_ctl").toString(),
        "-D",
        dir.resolve("data").toString(),
        "-m",
        "immediate",
        "stop");
  }

  public String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  public String user() {
    return USER;
  }

  private void run(String... command) throws IOException, InterruptedException {
    asOwner(List.of(command), false);
  }

  /** Runs a command as the cluster's owner ({@code postgres} when the tests run as root). */
  private void asOwner(List<String> command, boolean asRoot)
      throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    boolean root = "root".equals(System.getProperty("user.name"));
    if (root && !asRoot) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    if (!root && asRoot) {
      return; // not root: the temp directory is the test user's own already
    }
    full.addAll(command);
    Process process =
        new ProcessBuilder(full)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("commands.log").toFile())
            .start();
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " failed: " + Files.readString(dir.resolve("commands.log")));
    }
  }

  @Override
  public void close() throws Exception {
    try {
      crash();
    } catch (RuntimeException | IOException e) {
      // already stopped
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
