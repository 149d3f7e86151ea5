package dev.toolgate.cli;

import dev.toolgate.cli.dev.DevAudit;
import dev.toolgate.cli.dev.DevLogging;
import dev.toolgate.cli.dev.DevSession;
import dev.toolgate.cli.dev.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code toolgate dev}: the whole product on this machine, from the YAML in a directory; see {@link
 * DevSession}. Runs until Ctrl-C (or SIGTERM), then stops everything it started.
 */
final class DevCommand {

  static final Flag PORT =
      new Flag("--port", null, "PORT", "TOOLGATE_PORT", "8080", "the gateway's port on 127.0.0.1");

  static final Flag ISSUER_PORT =
      new Flag(
          "--issuer-port",
          null,
          "PORT",
          "TOOLGATE_ISSUER_PORT",
          "0",
          "the development token issuer's port on 127.0.0.1 (0: any free one)");

  static final Flag WORK_DIR =
      new Flag(
          "--work-dir",
          null,
          "DIR",
          null,
          null,
          "where the gateway config, the gateway log and the workers' logs go (default: a new"
              + " temporary directory)");

  static final Command COMMAND =
      new Command(
          "dev",
          "Runs Toolgate locally from McpTool/McpScope YAML: the operator's compile step, the"
              + " workers named in toolgate-dev.yaml as local processes, the gateway on 127.0.0.1"
              + " with a development token issuer; reloads when the YAML changes; Ctrl-C stops"
              + " all.",
          CommonFlags.with(PORT, ISSUER_PORT, WORK_DIR),
          DevCommand::run);

  private DevCommand() {}

  static int run(Args args) throws Exception {
    long started = launcherStart();
    Path workDir =
        args.path(WORK_DIR.name()) != null
            ? args.path(WORK_DIR.name()).toAbsolutePath()
            : Files.createTempDirectory("toolgate-dev-");
    Files.createDirectories(workDir);
    DevLogging.toFile(workDir.resolve("gateway.log"));
    Progress progress = new Progress(System.out, started);
    DevSession session =
        new DevSession(
            CommonFlags.directory(args),
            CommonFlags.operatorSettings(args),
            args.port(PORT.name()),
            args.port(ISSUER_PORT.name()),
            workDir,
            progress,
            System.out,
            DevAudit.embeddedIn(workDir));
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              System.out.println("stopping: gateway, workers, issuer");
              session.close();
              System.out.println("stopped");
              System.out.flush();
              stopped.countDown();
            },
            "toolgate-dev-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      session.start();
    } catch (Exception e) {
      System.err.println("toolgate dev: " + e.getMessage());
      return 1; // the shutdown hook stops what was started
    }
    stopped.await();
    return 0;
  }

  /**
   * When the user ran the launcher: {@code ./toolgate} passes its start time so the build counts in
   * the elapsed times; without it, this JVM's start.
   */
  private static long launcherStart() {
    String epochMillis = System.getProperty("toolgate.started");
    long nowNanos = System.nanoTime();
    if (epochMillis == null) {
      long uptime = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
      return nowNanos - uptime * 1_000_000;
    }
    return nowNanos - (System.currentTimeMillis() - Long.parseLong(epochMillis)) * 1_000_000;
  }
}
