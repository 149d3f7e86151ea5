package dev.toolgate.cli.dev;

import dev.toolgate.api.ToolgateNames;
import dev.toolgate.api.config.GatewayConfigCodec;
import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.cli.check.Compilation;
import dev.toolgate.cli.resources.ManifestReader;
import dev.toolgate.cli.resources.Manifests;
import dev.toolgate.cli.resources.Problem;
import dev.toolgate.gateway.Gateway;
import dev.toolgate.gateway.GatewayOptions;
import dev.toolgate.gateway.config.FileConfigSource;
import dev.toolgate.operator.config.OperatorSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One run of {@code toolgate dev}: the directory compiled as the operator would, the McpTools that
 * have a dev override run as local workers, the gateway in this process reading the config file
 * this session writes, and the development token issuer. A change to the YAML recompiles: workers
 * of new McpTools start (and are healthy) before the config names them, workers of removed ones
 * stop after it no longer does. {@link #close()} stops everything it started.
 */
public final class DevSession implements AutoCloseable {

  /** How long a worker may take to answer its first {@code initialize}. */
  static final Duration WORKER_START = Duration.ofSeconds(90);

  private final Path directory;
  private final OperatorSettings operator;
  private final int port;
  private final int issuerPort;
  private final Path workDir;
  private final Progress progress;
  private final PrintStream out;
  private final DevAudit audit;
  private final McpHealthCheck health = new McpHealthCheck();
  private final Map<String, LocalWorker> workers = new LinkedHashMap<>();
  private final Map<String, DevOverrides.Override> running = new HashMap<>();
  private final HttpClient http = HttpClient.newHttpClient();

  private GatewayOptions options;
  private DevTokenIssuer issuer;
  private Gateway gateway;
  private ScheduledExecutorService watcher;
  private String filesSeen;
  private volatile DevGatewayConfig current;

  public DevSession(
      Path directory,
      OperatorSettings operator,
      int port,
      int issuerPort,
      Path workDir,
      Progress progress,
      PrintStream out,
      DevAudit audit) {
    this.directory = directory;
    this.operator = operator;
    this.port = port;
    this.issuerPort = issuerPort;
    this.workDir = workDir;
    this.progress = progress;
    this.out = out;
    this.audit = audit;
  }

  public String mcpUrl() {
    return "http://localhost:" + port + "/mcp";
  }

  public void start() throws Exception {
    Files.createDirectories(workDir);
    Path configFile = workDir.resolve(ToolgateNames.GATEWAY_CONFIG_KEY);
    options =
        audit.configure(
            GatewayOptions.defaults()
                .withHost("127.0.0.1")
                .withPort(port)
                .withConfigFile(configFile));
    issuer =
        DevTokenIssuer.start(
            options,
            issuerPort,
            mcpUrl(),
            scope -> {
              DevGatewayConfig config = current;
              return config == null
                  ? null
                  : ScopeGrants.forScope(config.config(), scope).orElse(null);
            });
    progress.step("development token issuer at " + issuer.issuer() + " (loopback, dev only)");

    Loaded loaded = load();
    startWorkers(loaded);
    current = configFor(loaded);
    String hash = write(configFile, current);
    progress.step("starting the gateway on 127.0.0.1:" + port);
    gateway =
        Gateway.start(options, new FileConfigSource(configFile, Duration.ofMillis(500)), null);
    awaitLoaded(hash);
    progress.step("gateway ready: config " + hash);

    filesSeen = fingerprint();
    watcher = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "toolgate-dev-watch"));
    watcher.scheduleWithFixedDelay(this::reloadIfChanged, 500, 500, TimeUnit.MILLISECONDS);
    new ReadySummary(out, issuer, audit)
        .print(
            progress.seconds(),
            mcpUrl(),
            gateway.adminPort(),
            current,
            workers.values(),
            loaded.overrides());
  }

  /** What one read of the directory gave. */
  private record Loaded(
      Manifests manifests,
      Compilation compilation,
      DevOverrides overrides,
      Map<String, DevOverrides.Override> toRun) {}

  private Loaded load() throws IOException {
    Manifests manifests = ManifestReader.read(directory);
    DevOverrides overrides = DevOverrides.find(directory);
    Compilation compilation = Compilation.of(manifests, operator);
    progress.step(
        String.format(
            "compiled %s: %d McpTools, %d McpScopes, %d problems%s",
            directory,
            manifests.tools().size(),
            manifests.scopes().size(),
            compilation.problems().size(),
            overrides.file() == null ? ", no dev overrides" : ", overrides " + overrides.file()));
    for (Problem problem : compilation.problems()) {
      out.println("  problem: " + problem);
    }
    Map<String, DevOverrides.Override> toRun = new LinkedHashMap<>();
    for (var upstream : compilation.config().upstreams()) {
      DevOverrides.Override override = overrides.byTool().get(upstream.id());
      if (override != null && override.runsCommand()) {
        toRun.put(upstream.id(), override);
      }
    }
    return new Loaded(manifests, compilation, overrides, toRun);
  }

  /**
   * Starts the workers the loaded state needs and does not have (in parallel, each health-checked)
   * and fills their URLs into the config.
   */
  private void startWorkers(Loaded loaded) throws Exception {
    List<LocalWorker> started = new ArrayList<>();
    for (Map.Entry<String, DevOverrides.Override> entry : loaded.toRun().entrySet()) {
      String id = entry.getKey();
      if (workers.containsKey(id) && entry.getValue().equals(running.get(id))) {
        continue;
      }
      LocalWorker old = workers.remove(id);
      if (old != null) {
        progress.step("restarting " + id + " (its override changed)");
        old.stop();
      }
      LocalWorker worker = startWorker(id, entry.getValue(), loaded);
      workers.put(id, worker);
      running.put(id, entry.getValue());
      started.add(worker);
    }
    for (LocalWorker worker : started) {
      try {
        health.awaitHealthy(worker, WORKER_START);
      } catch (IllegalStateException e) {
        // A worker that never answered is not kept running; the others stay as they are.
        worker.stop();
        workers.remove(worker.mcpTool());
        running.remove(worker.mcpTool());
        throw e;
      }
      progress.step("worker " + worker.mcpTool() + " answers MCP at " + worker.url());
    }
  }

  /** The config for the loaded state: local workers' URLs, override URLs, nothing else. */
  private DevGatewayConfig configFor(Loaded loaded) {
    Map<String, String> urls = new HashMap<>();
    loaded.overrides().byTool().values().stream()
        .filter(o -> !o.runsCommand())
        .forEach(o -> urls.put(o.mcpTool(), o.url()));
    loaded.toRun().keySet().forEach(id -> urls.put(id, workers.get(id).url()));
    return DevGatewayConfig.of(
        loaded.compilation().config(), urls, mcpUrl(), issuer.issuerConfig());
  }

  private LocalWorker startWorker(String id, DevOverrides.Override override, Loaded loaded)
      throws IOException {
    int workerPort = FreePorts.pick();
    Path base = loaded.overrides().file().getParent();
    List<String> command =
        DevOverrides.expand(
            override.command(),
            name ->
                switch (name) {
                  case "port" -> String.valueOf(workerPort);
                  case "dir" -> base.toString();
                  case "java" -> ProcessHandle.current().info().command().orElse("java");
                  case "classpath" -> System.getProperty("java.class.path");
                  default -> name.startsWith("env:") ? System.getenv(name.substring(4)) : null;
                });
    String path = override.path() != null ? override.path() : specPath(loaded.manifests(), id);
    String url = "http://127.0.0.1:" + workerPort + path;
    LocalWorker worker =
        LocalWorker.start(
            id, command, workDir.resolve("workers").resolve(id.replace('/', '_') + ".log"), url);
    progress.step(
        "started worker "
            + id
            + " (pid "
            + worker.pid()
            + "): "
            + String.join(" ", override.command()));
    return worker;
  }

  private static String specPath(Manifests manifests, String id) {
    return manifests.tools().stream()
        .filter(t -> (t.getMetadata().getNamespace() + "/" + t.getMetadata().getName()).equals(id))
        .map(McpTool::getSpec)
        .filter(Objects::nonNull)
        .map(s -> s.getPath())
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(ToolgateNames.DEFAULT_PATH);
  }

  private synchronized void reloadIfChanged() {
    try {
      String now = fingerprint();
      if (now.equals(filesSeen)) {
        return;
      }
      filesSeen = now;
      progress.step("a file changed under " + directory + ": reloading");
      Loaded loaded = load();
      startWorkers(loaded);
      DevGatewayConfig next = configFor(loaded);
      List<String> before = current.config().upstreams().stream().map(u -> u.id()).toList();
      String hash = write(options.configFile(), next);
      current = next;
      awaitLoaded(hash);
      List<String> stopped = new ArrayList<>();
      for (String id : new ArrayList<>(workers.keySet())) {
        if (!loaded.toRun().containsKey(id)) {
          workers.remove(id).stop();
          running.remove(id);
          stopped.add(id);
        }
      }
      List<String> after = next.config().upstreams().stream().map(u -> u.id()).toList();
      progress.step(
          "reloaded: config "
              + hash
              + ", routed "
              + after
              + (stopped.isEmpty() ? "" : ", stopped " + stopped)
              + (after.equals(before) ? "" : " (was " + before + ")"));
      new ReadySummary(out, issuer, audit).tokens(next);
    } catch (Exception e) {
      out.println("  reload failed, the running state stays: " + e.getMessage());
    }
  }

  private String write(Path file, DevGatewayConfig config) throws IOException {
    String yaml = GatewayConfigCodec.toYaml(config.config());
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temp, yaml);
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return GatewayConfigCodec.hash(yaml);
  }

  /** Waits until the gateway's {@code /readyz} reports the config with this hash. */
  private void awaitLoaded(String hash) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
            .timeout(Duration.ofSeconds(5))
            .build();
    while (Instant.now().isBefore(deadline)) {
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && response.body().contains(hash)) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "the gateway did not load config "
            + hash
            + " within 60 s (see "
            + workDir
            + "/gateway.log)");
  }

  /** Names, sizes and modification times of the files under the directory. */
  private String fingerprint() throws IOException {
    StringBuilder text = new StringBuilder();
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
        String name = p.toString();
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
          text.append(name)
              .append(' ')
              .append(Files.size(p))
              .append(' ')
              .append(Files.getLastModifiedTime(p).toMillis())
              .append('\n');
        }
      }
    }
    return text.toString();
  }

  public List<LocalWorker> workers() {
    return List.copyOf(workers.values());
  }

  @Override
  public synchronized void close() {
    if (watcher != null) {
      watcher.shutdownNow();
    }
    if (gateway != null) {
      try {
        gateway.close();
      } catch (Exception e) {
        out.println("stopping the gateway: " + e);
      }
    }
    workers.values().parallelStream().forEach(LocalWorker::stop);
    workers.clear();
    if (issuer != null) {
      issuer.close();
    }
  }
}
