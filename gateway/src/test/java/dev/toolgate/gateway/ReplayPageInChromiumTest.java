package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.gateway.audit.AuditOptions;
import dev.toolgate.gateway.audit.AuditStore;
import dev.toolgate.testing.auth.AuthorizationServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay page in Debian's headless Chromium, on a real gateway whose calls the test makes with
 * tokens of the real authorization server (Spring Authorization Server, its own process) and which
 * records them in its embedded store: the calls show, the filters change what shows, what callers
 * sent (markup in arguments and tool names) is shown as text and runs nothing, and the screenshots
 * the README shows are taken ({@code target/replay-screenshots/}).
 */
class ReplayPageInChromiumTest {

  static final String AUDIENCE = "https://mcp.example.com/mcp";
  static final Path SCREENSHOTS = Path.of("target", "replay-screenshots");
  static final String TITLE = "Toolgate · session replay";
  static final String IMG_PAYLOAD = "<img src=x onerror=\"document.title='pwned'\">";
  static final String SVG_TOOL = "<svg onload=\"document.title='pwned'\">";

  @TempDir static Path dir;

  static AuthorizationServerProcess server;
  static PolicyWorker worker;
  static GatewayFixture gateway;
  static String opsSession;
  static String billingSession;

  @BeforeAll
  static void start() throws Exception {
    server =
        AuthorizationServerProcess.builder()
            .confidentialClient("ops-agent", "ops-secret", "shop.echo", "shop.lookup", "shop.oops")
            .confidentialClient("billing-agent", "billing-secret", "shop.lookup", "shop.echo")
            .confidentialClient("auditor", "auditor-secret", "toolgate:audit:read")
            .logFile(Path.of("target", "authorization-server-replay.log"))
            .start();
    worker = new PolicyWorker("nothing secret");
    gateway =
        GatewayFixture.startWithConfig(
            dir,
            PolicyGateways.requiringTokens(
                ReplayApiTest.config(worker.url()), AUDIENCE, server.issuer().toString()),
            o ->
                o.withAllowAnonymous(false)
                    .withAudit(
                        a ->
                            a.withStore(AuditOptions.Store.EMBEDDED)
                                .withStdout(false)
                                .withDir(dir.resolve("audit"))));
    gateway.awaitToolCount(3);
    try (PolicyClient ops =
        client("ops-agent", "ops-secret", List.of("shop.echo", "shop.lookup", "shop.oops"))) {
      opsSession = ops.session();
      ops.call(
          "shop.echo",
          "{\"note\":"
              + PolicyWorker.JSON.writeValueAsString(IMG_PAYLOAD)
              + ",\"invoice\":\"inv_123456\"}");
      ops.call("shop.lookup", "{\"sku\":\"A-1\"}");
      ops.call("shop.lookup", "{\"sku\":\"A-1\"}");
      ops.call("shop.oops", "{}");
      ops.call(SVG_TOOL.replace("\"", "\\\""), "{}");
    }
    try (PolicyClient billing =
        client("billing-agent", "billing-secret", List.of("shop.lookup", "shop.echo"))) {
      billingSession = billing.session();
      billing.call("shop.lookup", "{\"sku\":\"B-7\"}");
      billing.call("shop.echo", "{\"invoice\":\"a draft\"}");
    }
    AuditStore store = gateway.gateway().audit().store().orElseThrow();
    await().atMost(Duration.ofSeconds(20)).until(() -> store.count() == 7);
  }

  @AfterAll
  static void stop() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
    if (worker != null) {
      worker.close();
    }
    if (server != null) {
      server.close();
    }
  }

  static PolicyClient client(String id, String secret, List<String> scopes) throws Exception {
    return new PolicyClient(gateway.aggregatedUrl(), "127.0.0.1", token(id, secret, scopes));
  }

  static String token(String id, String secret, List<String> scopes) throws Exception {
    return server.clientCredentialsToken(id, secret, scopes, AUDIENCE).value();
  }

  static String page() {
    return "http://127.0.0.1:" + gateway.gateway().adminPort() + "/replay/";
  }

  /** Waits for the page's next finished load after {@code loads} earlier ones. */
  static void awaitLoad(Chromium browser, int loads) throws Exception {
    browser.await(
        "return document.body.dataset.state + ' ' + document.body.dataset.loads;",
        v -> v.asText().equals("ready " + (loads + 1)),
        Duration.ofSeconds(20));
  }

  static int rows(Chromium browser, String table) throws Exception {
    return browser
        .script(
            "return document.querySelectorAll('#' + arguments[0] + ' tbody tr[data-session]')"
                + ".length;",
            table)
        .asInt();
  }

  static JsonNode texts(Chromium browser, String css) throws Exception {
    return browser.script(
        "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.textContent);", css);
  }

  @Test
  void showsTheCallsMadeFiltersThemAndRunsNothingCallersSent() throws Exception {
    Files.createDirectories(SCREENSHOTS);
    String reader = token("auditor", "auditor-secret", List.of("toolgate:audit:read"));
    try (Chromium browser = new Chromium(dir.resolve("profile"), 1400, 1300)) {
      browser.open(page() + "#token=" + reader);
      awaitLoad(browser, 0);
      assertThat(browser.script("return location.href;").asText())
          .as("the token leaves the address bar")
          .isEqualTo(page());
      assertThat(rows(browser, "sessions")).isEqualTo(2);
      assertThat(texts(browser, "#sessions tbody tr[data-session] td:first-child"))
          .extracting(JsonNode::asText)
          .containsExactly(billingSession, opsSession);
      assertThat(texts(browser, "#callers tbody td:first-child"))
          .extracting(JsonNode::asText)
          .containsExactly("ops-agent", "billing-agent");
      assertThat(texts(browser, "#latency-chart svg > g.label > text"))
          .extracting(JsonNode::asText)
          .contains("shop.lookup", "shop.echo", "shop.oops", SVG_TOOL.substring(0, 23) + "…");
      assertThat(texts(browser, "#latency-chart svg > g.label > title"))
          .extracting(JsonNode::asText)
          .as("the whole name, as text")
          .contains(SVG_TOOL);
      assertThat(texts(browser, "#cost-chart svg rect.bar")).hasSize(4);
      assertThat(texts(browser, "#errors tbody td[data-outcome]"))
          .extracting(JsonNode::asText)
          .containsExactly("invalid", "tool-error");
      browser.screenshot(SCREENSHOTS.resolve("replay-overview.png"));

      browser.click("#sessions tr[data-session='" + opsSession + "'] button");
      awaitLoad(browser, 1);
      assertThat(browser.text("#session-id")).isEqualTo(opsSession);
      assertThat(texts(browser, "#calls tbody td:nth-child(3)"))
          .extracting(JsonNode::asText)
          .containsExactly("shop.echo", "shop.lookup", "shop.lookup", "shop.oops", SVG_TOOL);
      assertThat(texts(browser, "#calls tbody td[data-outcome]"))
          .extracting(JsonNode::asText)
          .containsExactly("ok", "ok", "cache-hit", "tool-error", "invalid");
      JsonNode arguments = texts(browser, "#calls tbody pre");
      assertThat(arguments.get(0).asText())
          .as("the caller's markup, shown as text and redacted")
          .contains("\"note\":" + PolicyWorker.JSON.writeValueAsString(IMG_PAYLOAD))
          .doesNotContain("inv_123456");
      assertThat(browser.script("return document.querySelectorAll('main img').length;").asInt())
          .isZero();
      assertThat(
              browser
                  .script("return document.querySelectorAll('table svg, svg svg').length;")
                  .asInt())
          .isZero();
      assertThat(browser.script("return document.title;").asText()).isEqualTo(TITLE);
      assertThat(browser.alertText()).isNull();
      browser.script("document.getElementById('session-view').scrollIntoView();");
      browser.screenshot(SCREENSHOTS.resolve("replay-session.png"));

      browser.type("#filter-tool", "shop.oops");
      browser.click("#apply");
      awaitLoad(browser, 2);
      assertThat(rows(browser, "sessions")).as("only the session that called it").isEqualTo(1);
      assertThat(texts(browser, "#sessions tbody tr[data-session] td:first-child"))
          .extracting(JsonNode::asText)
          .containsExactly(opsSession);
      assertThat(texts(browser, "#latency-chart svg rect.bar")).hasSize(1);

      browser.type("#filter-tool", "");
      browser.type("#filter-principal", "billing-agent");
      browser.click("#apply");
      awaitLoad(browser, 3);
      assertThat(texts(browser, "#sessions tbody tr[data-session] td:first-child"))
          .extracting(JsonNode::asText)
          .containsExactly(billingSession);
      assertThat(texts(browser, "#callers tbody td:first-child"))
          .extracting(JsonNode::asText)
          .containsExactly("billing-agent");

      browser.click("#clear");
      awaitLoad(browser, 4);
      assertThat(rows(browser, "sessions")).isEqualTo(2);

      assertThat(browser.consoleLines())
          .as("no Content-Security-Policy violation, no script error")
          .noneMatch(line -> line.contains("Content Security Policy") || line.startsWith("SEVERE"));
    }
  }

  @Test
  void asksForATokenAndSaysWhyOneIsRefused() throws Exception {
    String agents = token("ops-agent", "ops-secret", List.of("shop.echo"));
    try (Chromium browser = new Chromium(dir.resolve("profile-login"), 1200, 800)) {
      browser.open(page());
      browser.await(
          "return document.body.dataset.state;",
          v -> v.asText().equals("login"),
          Duration.ofSeconds(20));
      assertThat(browser.script("return document.getElementById('main').hidden;").asBoolean())
          .isTrue();
      browser.type("#token-input", agents);
      browser.click("#token-save");
      browser.await(
          "return document.getElementById('login-problem').textContent;",
          v -> !v.asText().isEmpty(),
          Duration.ofSeconds(20));
      assertThat(browser.text("#login-problem"))
          .isEqualTo("The token was refused: the token lacks the scope toolgate:audit:read");
      assertThat(
              browser
                  .script("return document.querySelectorAll('#sessions tbody tr').length;")
                  .asInt())
          .isZero();
    }
  }
}
