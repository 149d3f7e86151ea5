package dev.toolgate.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default store: SQLite in the audit directory, nothing to configure or run. */
class EmbeddedAuditStoreTest {

  @TempDir Path dir;

  @Test
  void theDefaultsKeepCallsInAnEmbeddedStore() throws Exception {
    AuditOptions defaults = AuditOptions.defaults();
    assertThat(defaults.store()).isEqualTo(AuditOptions.Store.EMBEDDED);
    long now = System.currentTimeMillis();
    try (Audit audit = Audit.start(defaults.withDir(dir), null, Clock.systemUTC())) {
      for (int i = 0; i < 20; i++) {
        audit.finished(AuditCalls.call("e-" + i, now + i, "sess-e", "shop.e"));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> audit.stats().stored() == 20);
      AuditStore store = audit.store().orElseThrow();
      assertThat(store.sessionCalls("sess-e", 100)).hasSize(20);
      assertThat(store.toolCalls("shop.e", Instant.now().minus(Duration.ofHours(1)), 5)).hasSize(5);
      audit.finished(AuditCalls.call("e-0", now, "sess-e", "shop.e"));
      await().atMost(Duration.ofSeconds(10)).until(() -> audit.stats().stored() == 21);
      assertThat(store.count()).as("a replayed record is stored once").isEqualTo(20);
    }
  }

  /** Calls made in the shipper's pause are in the store once the gateway has stopped. */
  @Test
  void aStoppedGatewaysStoreHoldsEveryCall() throws Exception {
    long now = System.currentTimeMillis();
    try (Audit audit = Audit.start(AuditOptions.defaults().withDir(dir), null, Clock.systemUTC())) {
      audit.finished(AuditCalls.call("s-0", now, "sess-s", "shop.s"));
      await().atMost(Duration.ofSeconds(30)).until(() -> audit.stats().stored() == 1);
      // The shipper now pauses a second before its next batch; these wait for it.
      for (int i = 1; i <= 5; i++) {
        audit.finished(AuditCalls.call("s-" + i, now + i, "sess-s", "shop.s"));
      }
    }
    assertThat(storedCalls("sess-s")).isEqualTo(6);
  }

  /**
   * The same when the JVM exits with the gateway's shutdown hook: nothing may close the database
   * before the last records are in (H2, the store before SQLite, did in its own exit hook).
   */
  @Test
  void aGatewayThatExitsLeavesEveryCallInItsStore() throws Exception {
    Process child =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                AuditAtExit.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("child.log").toFile())
            .start();
    assertThat(child.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue())
        .as(java.nio.file.Files.readString(dir.resolve("child.log")))
        .isZero();
    assertThat(storedCalls("sess-x"))
        .as(java.nio.file.Files.readString(dir.resolve("child.log")))
        .isEqualTo(6);
  }

  private int storedCalls(String session) throws java.sql.SQLException {
    try (java.sql.Connection store =
            java.sql.DriverManager.getConnection(AuditStore.embeddedUrl(dir));
        java.sql.PreparedStatement count =
            store.prepareStatement("SELECT count(*) FROM toolgate_calls WHERE session_id = ?")) {
      count.setString(1, session);
      try (java.sql.ResultSet rows = count.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }

  @Test
  void damagedSpoolLinesAreSkippedNotStuckOn() throws Exception {
    Path spool = java.nio.file.Files.createDirectories(dir.resolve("spool"));
    long now = System.currentTimeMillis();
    StringBuilder damaged = new StringBuilder();
    damaged.append(new String(AuditJson.line(AuditCalls.call("d-1", now, "sess-d", "shop.d"))));
    damaged.append("x".repeat(3 * 1024 * 1024)).append('\n');
    damaged.append("{\"not\": \"a record\"\n");
    damaged.append(new String(AuditJson.line(AuditCalls.call("d-2", now + 1, "sess-d", "shop.d"))));
    damaged.append("{\"torn\":"); // a crashed writer's last, unfinished line
    java.nio.file.Files.writeString(AuditSpool.segmentPath(spool, 1), damaged);

    try (Audit audit = Audit.start(AuditOptions.defaults().withDir(dir), null, Clock.systemUTC())) {
      audit.finished(AuditCalls.call("d-3", now + 2, "sess-d", "shop.d"));
      await().atMost(Duration.ofSeconds(30)).until(() -> audit.stats().stored() == 3);
      assertThat(audit.store().orElseThrow().sessionCalls("sess-d", 10))
          .extracting(c -> c.id())
          .containsExactly("d-1", "d-2", "d-3");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> !java.nio.file.Files.exists(AuditSpool.segmentPath(spool, 1)));
    }
  }

  @Test
  void twoGatewaysCannotShareOneSpool() throws Exception {
    try (Audit first = Audit.start(AuditOptions.defaults().withDir(dir), null, Clock.systemUTC())) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> Audit.start(AuditOptions.defaults().withDir(dir), null, Clock.systemUTC()))
          .hasMessageContaining("in use by another gateway");
    }
  }
}
