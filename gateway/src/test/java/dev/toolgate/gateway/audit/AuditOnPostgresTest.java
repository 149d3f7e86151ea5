package dev.toolgate.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.toolgate.gateway.calls.CallOutcome;
import dev.toolgate.gateway.calls.FinishedCall;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log on a real PostgreSQL: records reach it in order through the spool, the store can
 * crash and come back without losing any, a restarted gateway ships what an earlier one left, and
 * the queries the replay page needs answer from the indexes.
 */
class AuditOnPostgresTest {

  static PostgresServer postgres;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    postgres = PostgresServer.start();
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  private AuditOptions options() throws Exception {
    Path password = Files.writeString(dir.resolve("password"), "unused\n");
    return AuditOptions.defaults()
        .withStore(AuditOptions.Store.POSTGRESQL)
        .withDir(dir)
        .withPostgresqlUrl(postgres.url())
        .withPostgresqlUser(postgres.user())
        .withPostgresqlPasswordFile(password);
  }

  private static long rows(String where) throws Exception {
    try (Connection c = java.sql.DriverManager.getConnection(postgres.url(), postgres.user(), "");
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT COUNT(*) FROM toolgate_calls WHERE " + where)) {
      r.next();
      return r.getLong(1);
    }
  }

  @Test
  void everyRecordReachesTheStoreAndTheQueriesFindThem() throws Exception {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    long now = System.currentTimeMillis();
    try (Audit audit = Audit.start(options(), stdout, Clock.systemUTC())) {
      for (int i = 0; i < 30; i++) {
        audit.finished(AuditCalls.call("q-" + i, now - 1000 + i, "sess-q", "shop.q" + (i % 3)));
      }
      audit.finished(
          AuditCalls.call("q-old", now - Duration.ofHours(2).toMillis(), "s2", "shop.q0"));
      await().atMost(Duration.ofSeconds(20)).until(() -> audit.stats().stored() == 31);
      AuditStore store = audit.store().orElseThrow();

      List<FinishedCall> session = store.sessionCalls("sess-q", 100);
      assertThat(session).hasSize(30);
      assertThat(session).extracting(FinishedCall::id).startsWith("q-0", "q-1", "q-2");
      assertThat(session.getFirst())
          .isEqualTo(AuditCalls.call("q-0", now - 1000, "sess-q", "shop.q0"));

      List<FinishedCall> lastHour =
          store.toolCalls("shop.q0", Instant.now().minus(Duration.ofHours(1)), 100);
      assertThat(lastHour).hasSize(10).allMatch(c -> c.tool().equals("shop.q0"));

      assertThat(store.recentSessions(Instant.now().minus(Duration.ofHours(1)), 10))
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.session()).isEqualTo("sess-q");
                assertThat(s.calls()).isEqualTo(30);
                assertThat(s.cost()).isEqualTo(60);
                assertThat(s.subject()).isEqualTo("alice");
              });

      // The replay page's queries, in PostgreSQL's SQL.
      AuditQueries replay = store.queries();
      Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
      CallFilter lastHourOfQ0 = new CallFilter("shop.q0", "alice", hourAgo, Instant.now());
      assertThat(replay.sessions(lastHourOfQ0, 10))
          .singleElement()
          .satisfies(s -> assertThat(s.calls()).isEqualTo(10));
      assertThat(replay.tools(new CallFilter(null, null, hourAgo, Instant.now()), 10))
          .extracting(AuditQueries.ToolStats::tool, AuditQueries.ToolStats::calls)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("shop.q0", 10L),
              org.assertj.core.groups.Tuple.tuple("shop.q1", 10L),
              org.assertj.core.groups.Tuple.tuple("shop.q2", 10L));
      assertThat(replay.tools(lastHourOfQ0, 10).getFirst().meanLatencyMicros()).isEqualTo(1234.0);
      assertThat(replay.callers(lastHourOfQ0, 10))
          .singleElement()
          .satisfies(c -> assertThat(c.cost()).isEqualTo(20));
      assertThat(replay.errors(new CallFilter(null, null, hourAgo, Instant.now()), 10)).isEmpty();
      assertThat(replay.sessions(new CallFilter(null, "bob", hourAgo, Instant.now()), 10))
          .isEmpty();
    }
    String[] lines = stdout.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(31);
    assertThat(lines[0]).startsWith("{\"id\":\"q-0\"").contains("\"outcome\":\"ok\"");
  }

  @Test
  void theStoreCrashesMidRunAndComesBackWithNothingLost() throws Exception {
    long now = System.currentTimeMillis();
    try (Audit audit = Audit.start(options(), null, Clock.systemUTC())) {
      for (int i = 0; i < 100; i++) {
        audit.finished(AuditCalls.call("crash-" + i, now + i, "sess-crash", "shop.crash"));
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> audit.stats().stored() == 100);

      postgres.crash();
      for (int i = 100; i < 400; i++) {
        audit.finished(AuditCalls.call("crash-" + i, now + i, "sess-crash", "shop.crash"));
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> audit.stats().storeFailures() > 0);
      await().atMost(Duration.ofSeconds(5)).until(() -> audit.stats().written() == 400);
      assertThat(audit.stats().stored()).isEqualTo(100);
      assertThat(audit.stats().spoolBytes()).isPositive();

      postgres.startAgain();
      await().atMost(Duration.ofSeconds(30)).until(() -> audit.stats().stored() == 400);
    }
    assertThat(rows("session_id = 'sess-crash'")).isEqualTo(400);
    List<FinishedCall> inOrder = freshStore().sessionCalls("sess-crash", 1000);
    assertThat(inOrder).extracting(FinishedCall::timeMillis).isSorted();
    Set<String> ids = new HashSet<>();
    inOrder.forEach(c -> ids.add(c.id()));
    assertThat(ids).hasSize(400);
  }

  @Test
  void whatOneRunLeftInTheSpoolIsShippedByTheNext() throws Exception {
    long now = System.currentTimeMillis();
    postgres.crash();
    try (Audit audit = Audit.start(options(), null, Clock.systemUTC())) {
      for (int i = 0; i < 50; i++) {
        audit.finished(AuditCalls.call("left-" + i, now + i, "sess-left", "shop.left"));
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> audit.stats().written() == 50);
    } finally {
      postgres.startAgain();
    }
    try (Audit next = Audit.start(options(), null, Clock.systemUTC())) {
      await().atMost(Duration.ofSeconds(30)).until(() -> rows("session_id = 'sess-left'") == 50);
      await().atMost(Duration.ofSeconds(10)).until(() -> next.stats().spoolBytes() == 0);
    }
  }

  @Test
  void aSyncCallsUnfinishedRecordIsInTheSpoolFileBeforeTheCallGoesOnAndItsEndReplacesIt()
      throws Exception {
    try (Audit audit =
        Audit.start(
            options().withCommitInterval(Duration.ofSeconds(30)), null, Clock.systemUTC())) {
      FinishedCall started =
          withOutcome(
              AuditCalls.call("sync-1", System.currentTimeMillis(), "sess-sync", "shop.pay"),
              CallOutcome.UNFINISHED);

      assertThat(audit.startedDurably(started)).isTrue();

      assertThat(spoolText()).contains("\"id\":\"sync-1\"").contains("\"outcome\":\"unfinished\"");
      FinishedCall ended = AuditCalls.call("sync-1", started.timeMillis(), "sess-sync", "shop.pay");
      audit.finished(ended);
      Thread.sleep(300);
      assertThat(spoolText())
          .as("an ordinary record waits for the commit")
          .doesNotContain("\"ok\"");
    }
    try (Audit next = Audit.start(options(), null, Clock.systemUTC())) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> next.store().orElseThrow().sessionCalls("sess-sync", 10).size() == 1);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  next.store().orElseThrow().sessionCalls("sess-sync", 10).getFirst().outcome()
                      == CallOutcome.OK);
    }
  }

  private static FinishedCall withOutcome(FinishedCall c, CallOutcome outcome) {
    return new FinishedCall(
        c.id(),
        c.timeMillis(),
        c.endpoint(),
        c.issuer(),
        c.subject(),
        c.clientId(),
        c.session(),
        c.upstream(),
        c.tool(),
        c.argumentsHash(),
        outcome,
        c.errorCode(),
        c.latencyMicros(),
        null,
        c.cost(),
        c.traceId(),
        c.configVersion(),
        true,
        c.arguments(),
        c.result());
  }

  @Test
  void aFullSpoolDropsAndCountsOrRefusesCallsAsConfigured() throws Exception {
    long now = System.currentTimeMillis();
    AuditOptions unreachable =
        options()
            .withPostgresqlUrl("jdbc:postgresql://127.0.0.1:1/none")
            .withSpoolMaxBytes(1024 * 1024)
            .withWhenFull(AuditOptions.WhenFull.REFUSE);
    try (Audit audit = Audit.start(unreachable, null, Clock.systemUTC())) {
      int offered = 0;
      while (audit.accepting()) {
        audit.finished(AuditCalls.call("full-" + offered, now, "s", "shop.full"));
        offered++;
        if (offered % 500 == 0) {
          int written = offered;
          await().atMost(Duration.ofSeconds(5)).until(() -> audit.stats().written() == written);
        }
        assertThat(offered).isLessThan(100_000);
      }
      assertThat(audit.stats().spoolBytes()).isGreaterThanOrEqualTo(1024 * 1024);
      audit.finished(AuditCalls.call("one-too-many", now, "s", "shop.full"));
      assertThat(audit.stats().dropped()).isEqualTo(1);
      assertThat(audit.stats().stored()).isZero();
    }
    AuditOptions dropping = unreachable.withWhenFull(AuditOptions.WhenFull.DROP);
    try (Audit audit = Audit.start(dropping, null, Clock.systemUTC())) {
      assertThat(audit.accepting()).isTrue();
      audit.finished(AuditCalls.call("dropped", now, "s", "shop.full"));
      assertThat(audit.stats().dropped()).isEqualTo(1);
      assertThat(audit.stats().spoolBytes()).isGreaterThanOrEqualTo(1024 * 1024);
    }
  }

  @Test
  void retentionDeletesOldCalls() throws Exception {
    long old = System.currentTimeMillis() - Duration.ofDays(40).toMillis();
    try (Audit audit = Audit.start(options(), null, Clock.systemUTC())) {
      audit.finished(AuditCalls.call("old-1", old, "sess-old", "shop.old"));
      await().atMost(Duration.ofSeconds(20)).until(() -> audit.stats().stored() == 1);
    }
    assertThat(rows("session_id = 'sess-old'")).isEqualTo(1);
    // The shipper applies retention (default 720h) the first time it is idle, then every 10
    // minutes: a start with the old call already stored is idle at once.
    try (Audit audit = Audit.start(options(), null, Clock.systemUTC())) {
      await().atMost(Duration.ofSeconds(20)).until(() -> rows("session_id = 'sess-old'") == 0);
    }
  }

  private AuditStore freshStore() {
    return new AuditStore(postgres.url(), postgres.user(), "");
  }

  private String spoolText() throws Exception {
    StringBuilder all = new StringBuilder();
    for (long n : AuditSpool.segments(dir.resolve("spool"))) {
      all.append(Files.readString(AuditSpool.segmentPath(dir.resolve("spool"), n)));
    }
    return all.toString();
  }

  static {
    // The outcome label is what the store keeps.
    assert CallOutcome.OK.label().equals("ok");
  }
}
