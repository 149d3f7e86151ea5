package dev.toolgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./toolgate dev} started as a user starts it, in its own process, on a copy of {@code
 * examples/}: it becomes ready, the tokens it prints work through the MCP Java SDK client (and are
 * refused for tools outside their scope), an edit to the YAML reaches the gateway and stops the
 * worker of a removed McpTool, and SIGINT (Ctrl-C) stops every process it started. The launcher's
 * build step is skipped ({@code TOOLGATE_CLASSPATH}): Maven has just built what it would.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DevLauncherIT {

  static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  static final Pattern WORKER = Pattern.compile("^  (tools/[a-z-]+)\\s+pid (\\d+)\\s+(\\S+)");

  @TempDir static Path temp;
  static Path examples;
  static Process launcher;
  static int port;
  static final List<String> output = Collections.synchronizedList(new ArrayList<>());
  static final Map<String, Long> workerPids = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    examples = temp.resolve("examples");
    copy(REPO.resolve("examples"), examples);
    port = freePort();
    ProcessBuilder builder =
        new ProcessBuilder(
                REPO.resolve("toolgate").toString(),
                "dev",
                "-f",
                examples.toString(),
                "--port",
                String.valueOf(port),
                "--work-dir",
                temp.resolve("work").toString())
            .redirectErrorStream(true);
    builder.environment().put("TOOLGATE_CLASSPATH", System.getProperty("java.class.path"));
    launcher = builder.start();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                  output.add(line);
                  System.out.println("[toolgate dev] " + line);
                }
              } catch (IOException e) {
                // the process ended
              }
            });
    reader.setDaemon(true);
    reader.start();
    await()
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofMillis(200))
        // The summary's worker lines come after its first line and before its tokens.
        .until(() -> !launcher.isAlive() || printed("Tokens, one per McpScope"));
    assertThat(launcher.isAlive())
        .as("launcher running; output:\n%s", String.join("\n", output))
        .isTrue();
    synchronized (output) {
      for (String line : output) {
        Matcher m = WORKER.matcher(line);
        if (m.find()) {
          workerPids.put(m.group(1), Long.parseLong(m.group(2)));
        }
      }
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (launcher != null && launcher.isAlive()) {
      launcher.destroyForcibly();
    }
  }

  @Test
  @Order(1)
  void runsTheJavaPythonAndTypeScriptWorkers() {
    assertThat(workerPids).containsOnlyKeys("tools/conformance", "tools/invoices", "tools/refunds");
    workerPids.values().forEach(pid -> assertThat(alive(pid)).as("pid %d", pid).isTrue());
  }

  @Test
  @Order(2)
  void thePrintedTokenCallsTheToolsItsScopeGrants() {
    try (McpSyncClient client = connect(token("finance.read"))) {
      assertThat(client.listTools().tools())
          .extracting(McpSchema.Tool::name)
          .containsExactlyInAnyOrder(
              "invoices.get_invoice", "invoices.list_invoices", "refunds.get_refund");
      McpSchema.CallToolResult invoice =
          client.callTool(
              new McpSchema.CallToolRequest(
                  "invoices.get_invoice", Map.of("invoice_id", "INV-1001")));
      assertThat(invoice.isError()).isFalse();
      assertThat(text(invoice)).contains("acme");
      // finance.read cannot send refunds: the gateway refuses with 403 insufficient_scope.
      assertThatThrownBy(
              () ->
                  client.callTool(
                      new McpSchema.CallToolRequest(
                          "refunds.send_refund",
                          Map.of("invoice_id", "INV-1001", "amount_cents", 100))))
          .satisfies(e -> assertThat(status(e)).isEqualTo(403));
    }
    try (McpSyncClient client = connect(token("conformance.all"))) {
      McpSchema.CallToolResult echo =
          client.callTool(new McpSchema.CallToolRequest("conformance.echo", Map.of("text", "hi")));
      assertThat(text(echo)).isEqualTo("conformance: hi");
    }
  }

  @Test
  @Order(4)
  void refusesCallsWithoutAToken() {
    assertThatThrownBy(() -> connect(null)).satisfies(e -> assertThat(status(e)).isEqualTo(401));
  }

  @Test
  @Order(5)
  void anEditedYamlReachesTheGatewayAndAWorkerOfARemovedMcpToolStops() throws Exception {
    // The conformance McpTool exposes one more tool; the refunds McpTool is deleted.
    Path conformance = examples.resolve("dev/conformance.yaml");
    Files.writeString(
        conformance,
        Files.readString(conformance)
            .replace(
                "    - name: test_simple_text\n",
                "    - name: test_simple_text\n    - name: sleep\n"));
    Files.delete(examples.resolve("workers/typescript-refunds/mcptool.yaml"));
    long refunds = workerPids.get("tools/refunds");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> printed("reloaded: config") && !alive(refunds));
    try (McpSyncClient client = connect(token("conformance.all"))) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(client.listTools().tools())
                      .extracting(McpSchema.Tool::name)
                      .contains("conformance.sleep"));
    }
    try (McpSyncClient client = connect(token("finance.read"))) {
      assertThat(client.listTools().tools())
          .extracting(McpSchema.Tool::name)
          .containsExactlyInAnyOrder("invoices.get_invoice", "invoices.list_invoices");
    }
    assertThat(alive(workerPids.get("tools/invoices"))).isTrue();
  }

  @Test
  @Order(6)
  void ctrlCStopsEveryProcessItStarted() throws Exception {
    List<ProcessHandle> started = new ArrayList<>(launcher.descendants().toList());
    assertThat(started).isNotEmpty();
    new ProcessBuilder("kill", "-INT", String.valueOf(launcher.pid())).start().waitFor();
    assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).as("launcher exited").isTrue();
    assertThat(launcher.exitValue()).isIn(0, 130);
    for (ProcessHandle process : started) {
      assertThat(process.isAlive())
          .as("pid %d (%s)", process.pid(), process.info().command())
          .isFalse();
    }
    workerPids.values().forEach(pid -> assertThat(alive(pid)).as("worker pid %d", pid).isFalse());
    assertThat(printed("stopped")).isTrue();

    // The calls made above are in the embedded audit store, readable now that dev has stopped.
    try (java.sql.Connection store =
            java.sql.DriverManager.getConnection(
                dev.toolgate.cli.dev.DevAudit.storeUrl(temp.resolve("work")));
        java.sql.ResultSet rows =
            store
                .createStatement()
                .executeQuery(
                    "SELECT tool, outcome, subject FROM toolgate_calls ORDER BY called_at")) {
      List<String> calls = new ArrayList<>();
      while (rows.next()) {
        calls.add(rows.getString(1) + " " + rows.getString(2));
      }
      assertThat(calls)
          .contains("invoices.get_invoice ok", "refunds.send_refund denied", "conformance.echo ok");
    }
  }

  @Test
  @Order(3)
  void thePrintedReplayLinkReadsTheCallsJustMade() throws Exception {
    String link;
    synchronized (output) {
      int header =
          output.stream()
              .filter(line -> line.startsWith("Replay page ("))
              .findFirst()
              .map(output::indexOf)
              .orElseThrow();
      link = output.get(header + 1).trim();
    }
    assertThat(link).startsWith("http://127.0.0.1:9090/replay/#token=");
    String token = link.substring(link.indexOf("#token=") + "#token=".length());
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.http.HttpResponse<String> page =
        http.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(link.substring(0, link.indexOf('#'))))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Toolgate session replay");
    java.net.URI summary = java.net.URI.create("http://127.0.0.1:9090/replay/api/summary");
    assertThat(
            http.send(
                    java.net.http.HttpRequest.newBuilder(summary).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(401);
    java.net.http.HttpRequest withToken =
        java.net.http.HttpRequest.newBuilder(summary)
            .header("Authorization", "Bearer " + token)
            .build();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(
                        http.send(withToken, java.net.http.HttpResponse.BodyHandlers.ofString())
                            .body())
                    .as("the calls of the test before, shipped to the embedded store")
                    .contains("\"tool\":\"invoices.get_invoice\"", "\"outcome\":\"denied\""));
  }

  /** The token printed under a scope's line in the ready summary (the latest one). */
  static String token(String scope) {
    synchronized (output) {
      for (int i = output.size() - 2; i >= 0; i--) {
        if (output.get(i).startsWith("  " + scope + " (McpScope")) {
          return output.get(i + 1).trim();
        }
      }
    }
    throw new AssertionError("no token printed for " + scope + ":\n" + String.join("\n", output));
  }

  static McpSyncClient connect(String token) {
    HttpClientStreamableHttpTransport transport =
        HttpClientStreamableHttpTransport.builder("http://localhost:" + port)
            .endpoint("/mcp")
            .httpRequestCustomizer(
                (request, method, uri, body, context) -> {
                  if (token != null) {
                    request.header("Authorization", "Bearer " + token);
                  }
                })
            .build();
    McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build();
    client.initialize();
    return client;
  }

  /** The HTTP status the gateway refused with, from the SDK's authorization exception. */
  static int status(Throwable thrown) {
    for (Throwable e = thrown; e != null; e = e.getCause()) {
      if (e instanceof McpHttpClientTransportAuthorizationException refused) {
        return refused.getResponseInfo().statusCode();
      }
    }
    throw new AssertionError("not refused by the gateway", thrown);
  }

  static String text(McpSchema.CallToolResult result) {
    return ((McpSchema.TextContent) result.content().get(0)).text();
  }

  static boolean printed(String text) {
    synchronized (output) {
      return output.stream().anyMatch(l -> l.contains(text));
    }
  }

  static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path source :
          walk.filter(p -> !from.relativize(p).toString().contains("target")).toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }
}
