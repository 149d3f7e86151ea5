package dev.toolgate.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A component under test in a JVM of its own, so its heap and RSS are its own and a benchmark
 * measures the process a user would run. It must print {@link #READY_PREFIX} and its URL on one
 * line when it serves; everything it prints goes to a log file.
 */
final class ChildJvm implements AutoCloseable {

  static final String READY_PREFIX = "READY ";

  private final Process process;
  private final String url;

  private ChildJvm(Process process, String url) {
    this.process = process;
    this.url = url;
    // A driver stopped with Ctrl-C or kill must not leave its gateway and worker running.
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "stop-child"));
  }

  /** Starts a class of this JVM's own classpath, ready when it prints {@link #READY_PREFIX}. */
  static ChildJvm start(String mainClass, List<String> jvmOptions, List<String> args, Path log)
      throws IOException {
    List<String> javaArgs = new ArrayList<>(jvmOptions);
    javaArgs.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    javaArgs.addAll(args);
    return start(javaArgs, Map.of(), log, null);
  }

  /**
   * Starts {@code java <javaArgs>}.
   *
   * @param readyUrl polled until it answers 200; {@code null}: wait for the {@link #READY_PREFIX}
   *     line, whose rest becomes {@link #url()}
   */
  static ChildJvm start(List<String> javaArgs, Map<String, String> env, Path log, URI readyUrl)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(javaArgs);
    Files.createDirectories(log.toAbsolutePath().getParent());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    if (readyUrl != null) {
      // Straight into the file: a gateway prints a JSON line per call (its audit log), and
      // copying those through this JVM would charge the driver's CPU for them.
      builder.redirectOutput(log.toFile());
      Process process = builder.start();
      try {
        awaitHttpOk(readyUrl, process, Duration.ofSeconds(90));
        return new ChildJvm(process, readyUrl.resolve("/").toString().replaceAll("/$", ""));
      } catch (Exception e) {
        process.destroyForcibly();
        throw new IOException(command + " did not become ready; see " + log, e);
      }
    }
    Process process = builder.start();
    CompletableFuture<String> ready = new CompletableFuture<>();
    Thread.ofPlatform()
        .daemon()
        .name("log-" + log.getFileName())
        .start(() -> pump(process, log, ready));
    try {
      return new ChildJvm(process, ready.get(90, TimeUnit.SECONDS));
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IOException(command + " did not become ready; see " + log, e);
    }
  }

  private static void awaitHttpOk(URI url, Process process, Duration timeout) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("exited with " + process.exitValue());
      }
      try {
        if (http.send(HttpRequest.newBuilder(url).build(), BodyHandlers.discarding()).statusCode()
            == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IOException(url + " did not answer 200 within " + timeout);
  }

  private static void pump(Process process, Path log, CompletableFuture<String> ready) {
    try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(log), true)) {
      String line;
      while ((line = in.readLine()) != null) {
        out.println(line);
        int at = line.indexOf(READY_PREFIX);
        if (at >= 0 && !ready.isDone()) {
          ready.complete(line.substring(at + READY_PREFIX.length()).trim());
        }
      }
      ready.completeExceptionally(new IOException("exited with " + process.waitFor()));
    } catch (Exception e) {
      ready.completeExceptionally(e);
    }
  }

  String url() {
    return url;
  }

  long pid() {
    return process.pid();
  }

  /** Resident set size in MiB, from {@code /proc}. */
  double rssMiB() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    throw new IOException("no VmRSS for pid " + pid());
  }

  /** Heap in use after a full collection, in MiB, as {@code jcmd} reports it. */
  double heapUsedAfterGcMiB() throws IOException, InterruptedException {
    jcmd("GC.run");
    String info = jcmd("GC.heap_info");
    Matcher used = Pattern.compile("used (\\d+)K").matcher(info);
    if (!used.find()) {
      throw new IOException("unexpected GC.heap_info output: " + info);
    }
    return Long.parseLong(used.group(1)) / 1024.0;
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Process jcmd =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(pid()),
                command)
            .redirectErrorStream(true)
            .start();
    String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!jcmd.waitFor(30, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
      throw new IOException("jcmd " + command + " failed: " + output);
    }
    return output;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(Duration.ofSeconds(10).toSeconds(), TimeUnit.SECONDS);
    }
  }
}
