package dev.toolgate.testing.auth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A child process that prints a line starting with a known word once it serves (for example {@code
 * AUTHORIZATION_SERVER_READY issuer=http://127.0.0.1:41234}). Its output (stdout and stderr) is
 * kept, the last lines in memory for error messages and all of it in a log file if one is given.
 * Closing it ends the process; so does the end of the test JVM.
 */
public final class ReadyProcess implements AutoCloseable {

  private static final int KEPT_LINES = 400;

  private final String name;
  private final Process process;
  private final Thread reader;
  private final Thread shutdownHook;
  private final Deque<String> tail = new ArrayDeque<>();
  private final CompletableFuture<String> ready = new CompletableFuture<>();

  private ReadyProcess(
      String name, List<String> command, Path directory, String readyWord, Path logFile)
      throws IOException {
    this.name = name;
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (directory != null) {
      builder.directory(directory.toFile());
    }
    if (logFile != null && logFile.getParent() != null) {
      Files.createDirectories(logFile.getParent());
    }
    this.process = builder.start();
    this.shutdownHook = new Thread(process::destroyForcibly, name + "-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    this.reader = new Thread(() -> read(readyWord, logFile), name + "-output");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code command} and waits until it prints a line starting with {@code readyWord}.
   *
   * @param name what error messages call the process
   * @param directory working directory, or null for the current one
   * @param logFile where all output goes, or null
   * @throws IllegalStateException with the process's last output when it exits or stays silent past
   *     {@code timeout}
   */
  public static ReadyProcess start(
      String name,
      List<String> command,
      Path directory,
      String readyWord,
      Duration timeout,
      Path logFile)
      throws IOException, InterruptedException {
    ReadyProcess started = new ReadyProcess(name, command, directory, readyWord, logFile);
    try {
      started.ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return started;
    } catch (TimeoutException e) {
      started.close();
      throw new IllegalStateException(
          name
              + " printed no "
              + readyWord
              + " line within "
              + timeout
              + "; its output:\n"
              + started.output());
    } catch (ExecutionException e) {
      boolean exited = started.process.waitFor(5, TimeUnit.SECONDS);
      String code = exited ? String.valueOf(started.process.exitValue()) : "unknown";
      started.close();
      throw new IllegalStateException(
          name
              + " exited (code "
              + code
              + ") before it was ready; its output:\n"
              + started.output());
    } catch (InterruptedException e) {
      started.close();
      throw e;
    }
  }

  private void read(String readyWord, Path logFile) {
    try (BufferedReader lines =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Writer log =
            logFile == null
                ? Writer.nullWriter()
                : Files.newBufferedWriter(
                    logFile,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
      String line;
      while ((line = lines.readLine()) != null) {
        log.write(line);
        log.write('\n');
        log.flush();
        synchronized (tail) {
          tail.addLast(line);
          if (tail.size() > KEPT_LINES) {
            tail.removeFirst();
          }
        }
        if (!ready.isDone() && (line.equals(readyWord) || line.startsWith(readyWord + " "))) {
          ready.complete(line);
        }
      }
    } catch (IOException e) {
      // The stream closed with the process.
    } finally {
      ready.completeExceptionally(new IllegalStateException(name + " ended"));
    }
  }

  /** The line that said the process is ready. */
  public String readyLine() {
    return ready.join();
  }

  /** The {@code key=value} words of the ready line, in order. */
  public Map<String, String> readyValues() {
    Map<String, String> values = new LinkedHashMap<>();
    for (String word : readyLine().trim().split("\\s+")) {
      int eq = word.indexOf('=');
      if (eq > 0) {
        values.put(word.substring(0, eq), word.substring(eq + 1));
      }
    }
    return values;
  }

  /** The last lines the process printed (at most 400). */
  public String output() {
    synchronized (tail) {
      return String.join("\n", tail);
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Ends the process and its children (SIGTERM, then SIGKILL after ten seconds) and waits. */
  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
      reader.join(TimeUnit.SECONDS.toMillis(2));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down; the hook runs anyway.
    }
  }
}
