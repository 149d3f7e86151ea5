package dev.toolgate.cli.dev;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One McpTool's worker as a local process: its output goes to a log file, and stopping it stops
 * every process it started too (a shell's children, a runtime's helpers), so nothing outlives
 * {@code toolgate dev}.
 */
public final class LocalWorker {

  private static final Duration GRACE = Duration.ofSeconds(5);

  private final String mcpTool;
  private final List<String> command;
  private final Process process;
  private final Path log;
  private final String url;

  private LocalWorker(String mcpTool, List<String> command, Process process, Path log, String url) {
    this.mcpTool = mcpTool;
    this.command = command;
    this.process = process;
    this.log = log;
    this.url = url;
  }

  public static LocalWorker start(String mcpTool, List<String> command, Path log, String url)
      throws IOException {
    Files.createDirectories(log.getParent());
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
            .start();
    return new LocalWorker(mcpTool, List.copyOf(command), process, log, url);
  }

  private static java.io.File nullDevice() {
    return new java.io.File(
        System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }

  public String mcpTool() {
    return mcpTool;
  }

  public List<String> command() {
    return command;
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  public String url() {
    return url;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The last lines of its log, for a worker that did not come up. */
  public String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /**
   * Stops the process and its descendants: a polite signal first, then a kill after a grace period.
   * Returns once all are gone.
   */
  public void stop() {
    List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
    all.add(process.toHandle());
    all.forEach(ProcessHandle::destroy);
    for (ProcessHandle handle : all) {
      try {
        handle.onExit().get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        handle.destroyForcibly();
      }
    }
    try {
      process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
