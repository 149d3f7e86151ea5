package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.toolgate.api.config.AuditConfig;
import dev.toolgate.api.config.GatewayConfig;
import dev.toolgate.api.config.GatewayConfigCodec;
import dev.toolgate.api.config.ToolConfig;
import dev.toolgate.api.config.UpstreamConfig;
import dev.toolgate.gateway.audit.Audit;
import dev.toolgate.gateway.audit.AuditOptions;
import dev.toolgate.gateway.audit.PostgresServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway process killed with {@code kill -9} in the middle of a load: once a gateway starts on
 * the same spool, the store holds every call of the {@code audit: sync} tool that a client got an
 * answer for (and those cut short, as unfinished), and of the other tool all but those answered in
 * the last group-commit window.
 */
class AuditAfterKillTest {

  /** The gateway's group-commit window in this test, wide enough to lose something. */
  static final Duration WINDOW = Duration.ofMillis(100);

  /** The writer's own time on top of the window: its write and fsync, on a busy machine. */
  static final Duration WRITER_SLACK = Duration.ofMillis(400);

  @TempDir Path dir;

  private record Answered(String tool, int n, long atNanos) {}

  @Test
  void aKilledGatewayLosesAtMostItsLastWindowAndNothingOfSyncTools() throws Exception {
    try (PostgresServer postgres = PostgresServer.start();
        PolicyWorker worker = new PolicyWorker("nothing secret")) {
      int port;
      try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = probe.getLocalPort();
      }
      Path config = Files.writeString(dir.resolve("config.yaml"), yaml(worker.url()));
      Path auditDir = dir.resolve("audit");
      Process gateway = startGateway(config, port, postgres, auditDir);
      String url = "http://127.0.0.1:" + port + "/mcp";
      try {
        awaitServing(url);
        List<Answered> shared = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger next = new AtomicInteger();
        ExecutorService load = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
          load.submit(
              () -> {
                try (PolicyClient client = new PolicyClient(url)) {
                  while (running.get()) {
                    int n = next.incrementAndGet();
                    String tool = n % 2 == 0 ? "shop.refund" : "shop.quote";
                    PolicyClient.Answer answer = client.call(tool, "{\"n\":" + n + "}");
                    if (answer.status() == 200 && !answer.result().isMissingNode()) {
                      shared.add(new Answered(tool, n, System.nanoTime()));
                    }
                  }
                } catch (Exception stoppedByTheKill) {
                  // the gateway went away mid-call
                }
                return null;
              });
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> shared.size() >= 600);
        gateway.destroyForcibly(); // SIGKILL
        long killedAt = System.nanoTime();
        gateway.waitFor(10, TimeUnit.SECONDS);
        running.set(false);
        load.shutdown();
        assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        // The next gateway on the same spool ships what the killed one left.
        try (Audit restarted =
            Audit.start(
                AuditOptions.defaults()
                    .withStdout(false)
                    .withStore(AuditOptions.Store.POSTGRESQL)
                    .withDir(auditDir)
                    .withPostgresqlUrl(postgres.url())
                    .withPostgresqlUser(postgres.user()))) {
          await().atMost(Duration.ofSeconds(30)).until(() -> restarted.stats().spoolBytes() == 0);
        }

        Set<Integer> stored = storedNumbers(postgres);
        List<Answered> lost = new ArrayList<>();
        for (Answered a : List.copyOf(shared)) {
          if (!stored.contains(a.n())) {
            lost.add(a);
          }
        }
        assertThat(lost).as("sync calls lost").noneMatch(a -> a.tool().equals("shop.refund"));
        long windowStart = killedAt - WINDOW.plus(WRITER_SLACK).toNanos();
        assertThat(lost)
            .as("calls lost were all answered in the last window before the kill")
            .allMatch(a -> a.atNanos() >= windowStart);
        System.out.printf(
            "kill -9 under load: %d calls answered, %d in the store (%d of them unfinished), %d"
                + " lost (all async, answered in the last %d ms)%n",
            shared.size(),
            stored.size(),
            unfinished(postgres),
            lost.size(),
            WINDOW.plus(WRITER_SLACK).toMillis());
      } finally {
        gateway.destroyForcibly();
      }
    }
  }

  private static String yaml(String workerUrl) {
    return GatewayConfigCodec.toYaml(
        new GatewayConfig(
            GatewayConfig.CURRENT_VERSION,
            null,
            List.of(
                new UpstreamConfig(
                    "tools/shop",
                    workerUrl,
                    "/mcp/tools/tools/shop",
                    "shop",
                    true,
                    "30s",
                    List.of(
                        tool("quote", new AuditConfig(null, true, null)),
                        tool("refund", new AuditConfig(true, true, null))),
                    null)),
            List.of()));
  }

  private static ToolConfig tool(String name, AuditConfig audit) {
    return PolicyGateways.tool(name, null, null, null, null, null, audit);
  }

  private Process startGateway(Path config, int port, PostgresServer postgres, Path auditDir)
      throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        List.of(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            GatewayMain.class.getName(),
            "--config",
            config.toString(),
            "--host",
            "127.0.0.1",
            "--port",
            Integer.toString(port),
            "--allow-anonymous",
            "--audit-stdout",
            "false",
            "--audit-store",
            "postgresql",
            "--audit-postgresql-url",
            postgres.url(),
            "--audit-postgresql-user",
            postgres.user(),
            "--audit-dir",
            auditDir.toString(),
            "--audit-commit-interval",
            WINDOW.toMillis() + "ms");
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("gateway.log").toFile())
        .start();
  }

  private void awaitServing(String url) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(
            () -> {
              try (PolicyClient client = new PolicyClient(url)) {
                return client.call("shop.quote", "{\"n\":0}").status() == 200;
              }
            });
  }

  private static long unfinished(PostgresServer postgres) throws Exception {
    try (Connection c = DriverManager.getConnection(postgres.url(), postgres.user(), "");
        Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery("SELECT COUNT(*) FROM toolgate_calls WHERE outcome = 'unfinished'")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static Set<Integer> storedNumbers(PostgresServer postgres) throws Exception {
    Set<Integer> numbers = new HashSet<>();
    try (Connection c = DriverManager.getConnection(postgres.url(), postgres.user(), "");
        Statement s = c.createStatement();
        // Calls made before the tools were discovered named no known tool: no arguments kept.
        ResultSet rows =
            s.executeQuery("SELECT arguments FROM toolgate_calls WHERE arguments IS NOT NULL")) {
      while (rows.next()) {
        String arguments = rows.getString(1);
        numbers.add(Integer.parseInt(arguments.replaceAll("[^0-9]", "")));
      }
    }
    return numbers;
  }
}
