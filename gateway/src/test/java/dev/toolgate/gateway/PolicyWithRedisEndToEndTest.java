package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.toolgate.api.config.GatewayConfig;
import dev.toolgate.gateway.policy.PolicyErrors;
import dev.toolgate.gateway.policy.PolicyOptions;
import dev.toolgate.testing.servers.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateway replicas sharing limits, budgets and the cache in a real Redis, and what happens when
 * Redis dies under them.
 */
class PolicyWithRedisEndToEndTest {

  @TempDir Path dir;

  private Canaries canaries;
  private RedisServer redis;
  private PolicyWorker worker;
  private Gateway first;
  private Gateway second;

  @BeforeEach
  void start() throws Exception {
    canaries = new Canaries();
    redis = RedisServer.start();
    worker = new PolicyWorker(canaries.leakedText());
    Path key = canaries.keyFile(dir);
    GatewayConfig config = PolicyGateways.config(worker.url(), canaries.fingerprints());
    UnaryOperator<GatewayOptions> shared =
        options ->
            options.withPolicy(
                p ->
                    p.withRedisUrl(redis.url())
                        .withBackends(PolicyOptions.Backend.REDIS, PolicyOptions.Backend.REDIS)
                        .withRedisTimeout(Duration.ofMillis(500))
                        .withRedactionKeyFile(key));
    first = PolicyGateways.start(dir, config, shared);
    second = PolicyGateways.start(dir, config, shared);
  }

  @AfterEach
  void stop() throws Exception {
    first.close();
    second.close();
    worker.close();
    redis.close();
    canaries.close();
  }

  @Test
  void twoGatewaysShareOneRateLimit() throws Exception {
    try (PolicyClient a = new PolicyClient(first.url());
        PolicyClient b = new PolicyClient(second.url())) {
      assertThat(a.call("shop.quote", "{}").status()).isEqualTo(200);
      assertThat(b.call("shop.quote", "{}").status()).isEqualTo(200);
      assertThat(a.call("shop.quote", "{}").status()).isEqualTo(200);

      PolicyClient.Answer refused = b.call("shop.quote", "{}");

      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.error().get("code").asInt()).isEqualTo(PolicyErrors.RATE_LIMITED);
      assertThat(worker.calls("quote")).isEqualTo(3);
    }
  }

  @Test
  void twoGatewaysShareOneBudget() throws Exception {
    try (PolicyClient a = new PolicyClient(first.url());
        PolicyClient b = new PolicyClient(second.url())) {
      a.call("shop.refund", "{\"n\":1}");
      PolicyClient.Answer second = b.call("shop.refund", "{\"n\":2}");
      PolicyClient.Answer refused = a.call("shop.refund", "{\"n\":3}");

      assertThat(second.result().at("/_meta/dev.toolgate~1budget/0/remaining").asLong())
          .isEqualTo(2);
      assertThat(refused.error().get("code").asInt()).isEqualTo(PolicyErrors.BUDGET_EXHAUSTED);
    }
  }

  @Test
  void aResultCachedThroughOneGatewayIsAHitOnTheOtherUntilItsTimeToLiveEnds() throws Exception {
    try (PolicyClient a = new PolicyClient(first.url());
        PolicyClient b = new PolicyClient(second.url())) {
      PolicyClient.Answer miss = a.call("shop.catalog", "{\"item\":9}");
      awaitCacheWrites(1);
      PolicyClient.Answer hit = b.call("shop.catalog", "{ \"item\" : 9.0 }");

      assertThat(hit.firstText()).isEqualTo(miss.firstText());
      assertThat(hit.result().at("/_meta/dev.toolgate~1cache").asText()).isEqualTo("hit");
      assertThat(worker.calls("catalog")).isEqualTo(1);

      PolicyClient.Answer ticked = a.call("shop.ticker", "{}");
      awaitCacheWrites(2);
      assertThat(b.call("shop.ticker", "{}").firstText()).isEqualTo(ticked.firstText());
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> !b.call("shop.ticker", "{}").firstText().equals(ticked.firstText()));
      assertThat(worker.calls("ticker")).isEqualTo(2);
    }
  }

  @Test
  void aRefreshOnOneGatewayReplacesTheEntryTheOtherServes() throws Exception {
    try (PolicyClient a = new PolicyClient(first.url());
        PolicyClient b = new PolicyClient(second.url())) {
      a.call("shop.catalog", "{\"item\":\"r\"}");
      PolicyClient.Answer fresh =
          a.call("shop.catalog", "{\"item\":\"r\"}", "{\"dev.toolgate/cache\":\"refresh\"}");
      awaitCacheWrites(2);

      assertThat(b.call("shop.catalog", "{\"item\":\"r\"}").firstText())
          .isEqualTo(fresh.firstText());
      assertThat(worker.calls("catalog")).isEqualTo(2);
    }
  }

  @Test
  void aHundredConcurrentIdenticalCallsOnOneGatewayMakeOneUpstreamCall() throws Exception {
    List<PolicyClient> clients = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 4; i++) {
        clients.add(new PolicyClient(first.url()));
      }
      List<Future<PolicyClient.Answer>> answers = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        PolicyClient client = clients.get(i % clients.size());
        answers.add(threads.submit(() -> client.call("shop.catalog", "{\"delayMs\":1500}")));
      }
      for (Future<PolicyClient.Answer> answer : answers) {
        assertThat(answer.get().status()).isEqualTo(200);
      }
      assertThat(worker.calls("catalog")).isEqualTo(1);
    } finally {
      for (PolicyClient client : clients) {
        client.close();
      }
    }
  }

  @Test
  void noCanaryReachesRedis() throws Exception {
    try (PolicyClient client = new PolicyClient(first.url())) {
      client.call("shop.leak", "{}");
      client.call("shop.echo", "{\"note\":\"" + canaries.leakedText() + "\"}");
      client.call("shop.refund", "{\"note\":\"" + canaries.secret + "\"}");
      client.call("shop.watch", "{\"note\":\"" + canaries.aws + "\"}");
    }

    String stored = redis.dump();
    assertThat(stored).contains("toolgate:cache:").contains("[REDACTED:secret]");
    for (String canary : canaries.all()) {
      assertThat(stored).doesNotContain(canary);
      assertThat(canaries.logText()).doesNotContain(canary);
    }
  }

  @Test
  void whenRedisDiesToolsWithACostAreRefusedTheOthersServedAndNothingCrashes() throws Exception {
    try (PolicyClient client = new PolicyClient(first.url())) {
      assertThat(client.call("shop.refund", "{\"before\":true}").status()).isEqualTo(200);
      int catalogCalls = worker.calls("catalog");

      redis.kill();

      PolicyClient.Answer costly = client.call("shop.refund", "{\"during\":true}");
      assertThat(costly.status()).isEqualTo(503);
      assertThat(costly.retryAfter()).isEqualTo("1");
      assertThat(costly.error().get("code").asInt()).isEqualTo(PolicyErrors.POLICY_UNAVAILABLE);
      assertThat(client.call("shop.quote", "{\"during\":true}").status()).isEqualTo(200);
      PolicyClient.Answer uncached = client.call("shop.catalog", "{\"during\":true}");
      assertThat(uncached.status()).isEqualTo(200);
      assertThat(uncached.result().at("/content/0/text").asText()).startsWith("catalog #");
      assertThat(worker.calls("catalog")).isEqualTo(catalogCalls + 1);
      assertThat(first.policy().counters().get("state_failed_closed")).isPositive();
      assertThat(first.policy().counters().get("state_failed_open")).isPositive();
      assertThat(first.policy().counters().get("cache_failures")).isPositive();

      redis.restart();

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> client.call("shop.refund", "{\"after\":true}").status() == 200);
    }
  }

  /**
   * Waits until Redis has taken {@code n} cache writes (SET, counted by Redis): a gateway answers
   * before its write of the result lands, so a call to the other gateway right after can miss.
   */
  private void awaitCacheWrites(int n) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              java.util.regex.Matcher sets =
                  java.util.regex.Pattern.compile("cmdstat_set:calls=(\\d+)")
                      .matcher(redis.info("commandstats"));
              return sets.find() && Integer.parseInt(sets.group(1)) >= n;
            });
  }
}
