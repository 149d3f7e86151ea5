package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.gateway.audit.PostgresServer;
import dev.toolgate.testing.auth.AuthorizationServerProcess;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data example ({@code examples/workers/python-ledger}): a Python SDK worker on a real
 * PostgreSQL whose row-level security is keyed by the caller the gateway names in its identity
 * token. Two agents with tokens from a real authorization server each see and write only their own
 * rows through the gateway; without the gateway's token the worker refuses, and the database itself
 * shows nothing to its worker role when no caller is set.
 */
class LedgerExampleTest {

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  @TempDir static Path dir;

  static PostgresServer postgres;
  static AuthorizationServerProcess authorizationServer;
  static GatewayFixture gateway;
  static Process worker;
  static String workerUrl;

  @BeforeAll
  static void start() throws Exception {
    postgres = PostgresServer.start();
    try (Connection admin = DriverManager.getConnection(postgres.url(), postgres.user(), "");
        Statement sql = admin.createStatement()) {
      sql.execute(Files.readString(REPO.resolve("examples/workers/python-ledger/schema.sql")));
    }
    authorizationServer =
        AuthorizationServerProcess.builder()
            .confidentialClient("alice-agent", "alice-secret", "ledger.read", "ledger.write")
            .confidentialClient("bob-agent", "bob-secret", "ledger.read")
            .logFile(Path.of("target", "authorization-server-ledger.log"))
            .start();
    int workerPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      workerPort = socket.getLocalPort();
    }
    workerUrl = "http://127.0.0.1:" + workerPort + "/mcp";
    gateway =
        GatewayFixture.startWithOwnUrl(
            dir, LedgerExampleTest::config, o -> o.withAllowAnonymous(false).withJwksPort(0));
    worker = startWorker(workerPort, gateway.gateway().port(), gateway.gateway().jwksPort());
    gateway.awaitToolCount(2);
  }

  /** The ledger McpTool as the operator compiles it, behind this gateway's own URL. */
  private static String config(int port) {
    return """
        version: toolgate.dev/gateway-config/v1
        auth:
          audience: http://localhost:%d/mcp
          issuers:
          - issuer: %s
        upstreams:
        - id: tools/ledger
          url: %s
          passthroughPath: /mcp/tools/tools/ledger
          toolPrefix: ledger
          tools:
          - name: my_expenses
            exposedName: ledger.my_expenses
            scopes: [ledger.read]
          - name: add_expense
            exposedName: ledger.add_expense
            scopes: [ledger.write]
        """
        .formatted(port, authorizationServer.issuer(), workerUrl);
  }

  /** The example as its McpTool runs it, from the venv scripts/example-workers.sh prepares. */
  private static Process startWorker(int port, int gatewayPort, int jwksPort) throws Exception {
    Process setup =
        new ProcessBuilder("bash", REPO.resolve("scripts/example-workers.sh").toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String python = null;
    for (String line : new String(setup.getInputStream().readAllBytes()).split("\n")) {
      if (line.startsWith("python_ledger=")) {
        python = line.substring("python_ledger=".length());
      }
    }
    assertThat(setup.waitFor(10, TimeUnit.MINUTES) && setup.exitValue() == 0)
        .as("example-workers.sh")
        .isTrue();
    ProcessBuilder builder =
        new ProcessBuilder(
                python,
                REPO.resolve("examples/workers/python-ledger/server.py").toString(),
                "--host",
                "127.0.0.1",
                "--port",
                String.valueOf(port))
            .redirectErrorStream(true)
            .redirectOutput(Path.of("target", "ledger-worker.log").toFile());
    Map<String, String> env = builder.environment();
    env.put(
        "DATABASE_URL",
        postgres.url().replace("jdbc:postgresql://", "postgresql://ledger_worker@"));
    // As the operator gives it to a worker with sandbox.gatewayJwks: the JWKS-only listener.
    env.put(
        "TOOLGATE_IDENTITY_JWKS_URL", "http://127.0.0.1:" + jwksPort + "/.well-known/jwks.json");
    env.put("TOOLGATE_ISSUER", "http://localhost:" + gatewayPort + "/mcp");
    env.put("TOOLGATE_AUDIENCE", workerUrl);
    return builder.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (worker != null) {
      worker.destroy();
      worker.waitFor(10, TimeUnit.SECONDS);
    }
    if (gateway != null) {
      gateway.close();
    }
    if (authorizationServer != null) {
      authorizationServer.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  private static PolicyClient agent(String client, String secret, String... scopes)
      throws Exception {
    String token =
        authorizationServer
            .clientCredentialsToken(
                client,
                secret,
                List.of(scopes),
                "http://localhost:" + gateway.gateway().port() + "/mcp")
            .value();
    return new PolicyClient(gateway.aggregatedUrl(), "127.0.0.1", token);
  }

  private static List<String> notes(PolicyClient agent) throws Exception {
    JsonNode result = agent.call("ledger.my_expenses", "{}").result();
    assertThat(result.path("isError").asBoolean()).as(result.toString()).isFalse();
    List<String> notes = new ArrayList<>();
    result
        .path("structuredContent")
        .path("result")
        .forEach(row -> notes.add(row.path("note").asText()));
    return notes;
  }

  @Test
  void eachAgentSeesAndWritesOnlyItsOwnRowsThroughTheGateway() throws Exception {
    try (PolicyClient alice = agent("alice-agent", "alice-secret", "ledger.read", "ledger.write");
        PolicyClient bob = agent("bob-agent", "bob-secret", "ledger.read")) {
      for (String note : List.of("taxi", "hotel")) {
        JsonNode added =
            alice
                .call("ledger.add_expense", "{\"amount_cents\":1200,\"note\":\"" + note + "\"}")
                .result();
        assertThat(added.path("isError").asBoolean()).as(added.toString()).isFalse();
      }
      assertThat(notes(alice)).containsExactly("hotel", "taxi");
      assertThat(notes(bob)).as("bob's identity sees none of alice's rows").isEmpty();
      assertThat(bob.call("ledger.add_expense", "{\"amount_cents\":1,\"note\":\"x\"}").status())
          .as("a read-only token cannot write")
          .isEqualTo(403);
    }
    // The database holds alice's rows under her issuer and subject, nobody else's.
    try (Connection admin = DriverManager.getConnection(postgres.url(), postgres.user(), "");
        ResultSet rows =
            admin.createStatement().executeQuery("SELECT DISTINCT owner FROM expenses")) {
      List<String> owners = new ArrayList<>();
      while (rows.next()) {
        owners.add(rows.getString(1));
      }
      assertThat(owners).containsExactly(authorizationServer.issuer() + " alice-agent");
    }
  }

  @Test
  void theWorkerRefusesCallsWithoutTheGatewaysIdentityAndTheDatabaseShowsNothingUnnamed()
      throws Exception {
    try (RawMcp raw = new RawMcp()) {
      String body =
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"my_expenses\",\"arguments\":{}}}";
      Map<String, String> headers = new HashMap<>();
      headers.put("Toolgate-Identity", "eyJhbGciOiJFUzI1NiJ9.e30.c2ln");
      for (Map<String, String> sent : List.of(Map.<String, String>of(), headers)) {
        String answer = raw.post(workerUrl, body, sent).send().getContentAsString();
        assertThat(answer)
            .contains("\"isError\":true")
            .containsAnyOf("no caller identity", "does not verify");
      }
    }
    try (Connection asWorker = DriverManager.getConnection(postgres.url(), "ledger_worker", "");
        ResultSet count =
            asWorker.createStatement().executeQuery("SELECT count(*) FROM expenses")) {
      count.next();
      assertThat(count.getLong(1)).as("no app.caller, no rows").isZero();
    }
  }
}
