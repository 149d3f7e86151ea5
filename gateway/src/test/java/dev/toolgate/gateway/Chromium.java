package dev.toolgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

/**
 * Debian's headless Chromium driven through Debian's chromedriver over the W3C WebDriver protocol,
 * with nothing but the JDK's HTTP client: no driver manager that could download a browser, no
 * client library whose dependencies meet the gateway's. One browser session per instance.
 */
final class Chromium implements AutoCloseable {

  static final Path BROWSER = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  /** The key under which WebDriver names an element. */
  private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process driver;
  private final String base;
  private final HttpClient http = HttpClient.newHttpClient();
  private final String session;

  /** Starts chromedriver on a free loopback port and a headless browser with its own profile. */
  Chromium(Path profile, int width, int height) throws Exception {
    if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
      throw new IllegalStateException(
          "Debian's chromium and chromium-driver are needed (apt-get install chromium"
              + " chromium-driver; .ci/run installs them)");
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    driver =
        new ProcessBuilder(DRIVER.toString(), "--port=" + port, "--allowed-ips=127.0.0.1")
            .redirectErrorStream(true)
            .redirectOutput(profile.resolveSibling(profile.getFileName() + "-driver.log").toFile())
            .start();
    base = "http://127.0.0.1:" + port;
    try {
      session = newSession(profile, width, height);
    } catch (Exception e) {
      driver.destroyForcibly();
      throw e;
    }
  }

  private String newSession(Path profile, int width, int height) throws Exception {
    awaitDriver();
    ObjectNode options = JSON.createObjectNode();
    options.put("binary", BROWSER.toString());
    options
        .putArray("args")
        .add("--headless")
        .add("--no-sandbox")
        .add("--disable-gpu")
        .add("--disable-dev-shm-usage")
        .add("--no-first-run")
        .add("--disable-background-networking")
        .add("--disable-component-update")
        .add("--window-size=" + width + "," + height)
        .add("--user-data-dir=" + profile);
    ObjectNode capabilities = JSON.createObjectNode();
    ObjectNode always = capabilities.putObject("capabilities").putObject("alwaysMatch");
    always.set("goog:chromeOptions", options);
    always.putObject("goog:loggingPrefs").put("browser", "ALL");
    return call("POST", "/session", capabilities).path("sessionId").asText();
  }

  private void awaitDriver() throws Exception {
    Instant deadline = Instant.now().plusSeconds(20);
    while (true) {
      try {
        if (call("GET", "/status", null).path("ready").asBoolean()) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (Instant.now().isAfter(deadline) || !driver.isAlive()) {
        throw new IllegalStateException("chromedriver did not come up");
      }
      Thread.sleep(100);
    }
  }

  void open(String url) throws Exception {
    command("POST", "/url", JSON.createObjectNode().put("url", url));
  }

  /** Runs a function body in the page and returns its value. */
  JsonNode script(String body, Object... args) throws Exception {
    ObjectNode request = JSON.createObjectNode().put("script", body);
    request.set("args", JSON.valueToTree(List.of(args)));
    return command("POST", "/execute/sync", request);
  }

  String find(String css) throws Exception {
    JsonNode found =
        command(
            "POST",
            "/element",
            JSON.createObjectNode().put("using", "css selector").put("value", css));
    if (!found.hasNonNull(ELEMENT)) {
      throw new IllegalStateException("no element for " + css + ": " + found);
    }
    return found.path(ELEMENT).asText();
  }

  void click(String css) throws Exception {
    command("POST", "/element/" + find(css) + "/click", JSON.createObjectNode());
  }

  void type(String css, String text) throws Exception {
    String element = find(css);
    command("POST", "/element/" + element + "/clear", JSON.createObjectNode());
    if (!text.isEmpty()) {
      command("POST", "/element/" + element + "/value", JSON.createObjectNode().put("text", text));
    }
  }

  String text(String css) throws Exception {
    return command("GET", "/element/" + find(css) + "/text", null).asText();
  }

  /** The text of an open alert, or null when none is open. */
  String alertText() throws Exception {
    HttpResponse<String> response = send("GET", "/session/" + session + "/alert/text", null);
    return response.statusCode() == 200
        ? JSON.readTree(response.body()).path("value").asText()
        : null;
  }

  /** The browser's console lines since the last call (Chromium's log, as chromedriver keeps it). */
  List<String> consoleLines() throws Exception {
    JsonNode entries = command("POST", "/se/log", JSON.createObjectNode().put("type", "browser"));
    return java.util.stream.StreamSupport.stream(entries.spliterator(), false)
        .map(entry -> entry.path("level").asText() + " " + entry.path("message").asText())
        .toList();
  }

  void screenshot(Path file) throws Exception {
    Files.createDirectories(file.getParent());
    Files.write(file, Base64.getDecoder().decode(command("GET", "/screenshot", null).asText()));
  }

  /** Waits until {@code script} (a function body) returns a value the predicate accepts. */
  JsonNode await(String body, Predicate<JsonNode> until, Duration atMost) throws Exception {
    Instant deadline = Instant.now().plus(atMost);
    JsonNode value = script(body);
    while (!until.test(value)) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("the page never got there; last value: " + value);
      }
      Thread.sleep(100);
      value = script(body);
    }
    return value;
  }

  private JsonNode command(String method, String path, JsonNode body) throws Exception {
    return call(method, "/session/" + session + path, body);
  }

  private JsonNode call(String method, String path, JsonNode body) throws Exception {
    HttpResponse<String> response = send(method, path, body);
    JsonNode value = JSON.readTree(response.body()).path("value");
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          method + " " + path + ": " + response.statusCode() + " " + value.path("message"));
    }
    return value;
  }

  private HttpResponse<String> send(String method, String path, JsonNode body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body.toString()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws Exception {
    try {
      if (session != null) {
        send("DELETE", "/session/" + session, null);
      }
    } finally {
      driver.destroy();
      if (!driver.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        driver.destroyForcibly();
      }
    }
  }
}
