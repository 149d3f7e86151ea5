package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.gateway.cache.MemoryResultCache;
import dev.toolgate.gateway.policy.PolicyErrors;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rate limits, budgets, loops, the result cache and redaction through a real gateway (in-memory
 * backends) in front of a real worker, called over HTTP as agents call it.
 */
class PolicyEndToEndTest {

  @TempDir static Path dir;

  static Canaries canaries;
  static PolicyWorker worker;
  static Gateway gateway;

  @BeforeAll
  static void start() throws Exception {
    canaries = new Canaries();
    worker = new PolicyWorker(canaries.leakedText());
    Path key = canaries.keyFile(dir);
    gateway =
        PolicyGateways.start(
            dir,
            PolicyGateways.config(worker.url(), canaries.fingerprints()),
            options -> options.withPolicy(p -> p.withRedactionKeyFile(key)));
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
    worker.close();
    canaries.close();
  }

  private static String passthroughUrl() {
    return "http://127.0.0.1:" + gateway.port() + "/mcp/tools/tools/shop";
  }

  @Test
  void aCallOverARateLimitGets429RetryAfterAndTheRetryTimeInTheErrorAndTheSessionGoesOn()
      throws Exception {
    try (PolicyClient client = new PolicyClient(gateway.url())) {
      for (int i = 0; i < 3; i++) {
        assertThat(client.call("shop.quote", "{}").status()).isEqualTo(200);
      }

      PolicyClient.Answer refused = client.call("shop.quote", "{}");

      assertThat(refused.status()).isEqualTo(429);
      assertThat(Long.parseLong(refused.retryAfter())).isBetween(1L, 20L);
      assertThat(refused.error().get("code").asInt()).isEqualTo(PolicyErrors.RATE_LIMITED);
      assertThat(refused.error().at("/data/retryAfterSeconds").asText())
          .isEqualTo(refused.retryAfter());
      assertThat(refused.error().get("message").asText())
          .startsWith("Rate limit reached: tool shop.quote allows 3 calls per 1m for all callers");
      assertThat(worker.calls("quote")).isEqualTo(3);
      assertThat(client.call("shop.lookup", "{\"q\":\"after\"}").status()).isEqualTo(200);
    }
  }

  @Test
  void anMcpSdkClientRefusedWith429GetsTheErrorForThatCallAndKeepsItsSession() throws Exception {
    McpSyncClient client = GatewayFixture.connect(gateway.url());
    try {
      // Cost 5 against a budget of 12 a day: two calls, then the budget refuses.
      for (int i = 0; i < 2; i++) {
        client.callTool(new McpSchema.CallToolRequest("shop.refund", Map.of("sdk", i)));
      }
      assertThatThrownBy(
              () -> client.callTool(new McpSchema.CallToolRequest("shop.refund", Map.of("sdk", 3))))
          .hasMessageContaining("429")
          .hasMessageContaining("Budget exhausted")
          .hasMessageContaining("retryAfterSeconds");

      McpSchema.CallToolResult after =
          client.callTool(new McpSchema.CallToolRequest("shop.lookup", Map.of("q", "sdk")));
      assertThat(after.isError()).isNotEqualTo(Boolean.TRUE);
    } finally {
      client.closeGracefully();
    }
  }

  @Test
  void aRepeatedCallIsAnsweredFromTheCacheWhateverTheArgumentsSpellingAndARefreshCallsTheWorker()
      throws Exception {
    try (PolicyClient client = new PolicyClient(gateway.url())) {
      PolicyClient.Answer first = client.call("shop.lookup", "{\"sku\":\"A-1\",\"qty\":2}");
      int calls = worker.calls("lookup");

      PolicyClient.Answer hit =
          client.call("shop.lookup", "{ \"qty\": 2.0, \"sku\": \"A\\u002d1\" }");
      PolicyClient.Answer fresh =
          client.call(
              "shop.lookup", "{\"sku\":\"A-1\",\"qty\":2}", "{\"dev.toolgate/cache\":\"refresh\"}");
      PolicyClient.Answer afterRefresh = client.call("shop.lookup", "{\"qty\":2,\"sku\":\"A-1\"}");

      assertThat(hit.firstText()).isEqualTo(first.firstText());
      assertThat(hit.result().at("/_meta/dev.toolgate~1cache").asText()).isEqualTo("hit");
      assertThat(fresh.firstText()).isNotEqualTo(first.firstText());
      assertThat(afterRefresh.firstText()).isEqualTo(fresh.firstText());
      assertThat(worker.calls("lookup")).isEqualTo(calls + 1);
    }
  }

  @Test
  void theAggregatedAndThePassthroughEndpointShareTheCache() throws Exception {
    try (PolicyClient aggregated = new PolicyClient(gateway.url());
        PolicyClient passthrough = new PolicyClient(passthroughUrl())) {
      PolicyClient.Answer first = aggregated.call("shop.lookup", "{\"shared\":\"endpoints\"}");
      PolicyClient.Answer hit = passthrough.call("lookup", "{\"shared\":\"endpoints\"}");

      assertThat(hit.firstText()).isEqualTo(first.firstText());
      assertThat(hit.result().at("/_meta/dev.toolgate~1cache").asText()).isEqualTo("hit");
    }
  }

  @Test
  void aHundredConcurrentIdenticalCallsMakeOneUpstreamCall() throws Exception {
    int before = worker.calls("catalog");
    List<PolicyClient> clients = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 4; i++) {
        clients.add(new PolicyClient(gateway.url()));
      }
      List<Future<PolicyClient.Answer>> answers = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        PolicyClient client = clients.get(i % clients.size());
        answers.add(
            threads.submit(() -> client.call("shop.catalog", "{\"delayMs\":1500,\"run\":\"c\"}")));
      }
      List<String> texts = new ArrayList<>();
      for (Future<PolicyClient.Answer> answer : answers) {
        texts.add(answer.get().firstText());
      }

      assertThat(worker.calls("catalog")).isEqualTo(before + 1);
      assertThat(texts).hasSize(100).containsOnly(texts.getFirst());
    } finally {
      for (PolicyClient client : clients) {
        client.close();
      }
    }
  }

  @Test
  void theCacheNeverCrossesCallersUnlessTheToolSharesIt() throws Exception {
    try (PolicyClient alice = new PolicyClient(gateway.url(), "127.0.0.1");
        PolicyClient bob = new PolicyClient(gateway.url(), "127.0.0.2")) {
      int lookups = worker.calls("lookup");
      int catalogs = worker.calls("catalog");

      PolicyClient.Answer aliceOwn = alice.call("shop.lookup", "{\"whose\":\"own\"}");
      PolicyClient.Answer bobOwn = bob.call("shop.lookup", "{\"whose\":\"own\"}");
      alice.call("shop.catalog", "{\"whose\":\"everyone\"}");
      PolicyClient.Answer bobShared = bob.call("shop.catalog", "{\"whose\":\"everyone\"}");

      assertThat(bobOwn.firstText()).isNotEqualTo(aliceOwn.firstText());
      assertThat(worker.calls("lookup")).isEqualTo(lookups + 2);
      assertThat(bobShared.result().at("/_meta/dev.toolgate~1cache").asText()).isEqualTo("hit");
      assertThat(worker.calls("catalog")).isEqualTo(catalogs + 1);
    }
  }

  @Test
  void aCallerLearnsItsRemainingBudgetAndIsRefusedWhenItIsSpent() throws Exception {
    try (PolicyClient client = new PolicyClient(gateway.url(), "127.0.0.3")) {
      PolicyClient.Answer first = client.call("shop.refund", "{\"order\":1}");
      client.call("shop.refund", "{\"order\":2}");
      PolicyClient.Answer refused = client.call("shop.refund", "{\"order\":3}");

      JsonNode budget = first.result().at("/_meta/dev.toolgate~1budget/0");
      assertThat(budget.get("scope").asText()).isEqualTo("shop:write");
      assertThat(budget.get("remaining").asLong()).isEqualTo(7);
      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.error().get("code").asInt()).isEqualTo(PolicyErrors.BUDGET_EXHAUSTED);
      assertThat(refused.error().at("/data/budget/remaining").asLong()).isEqualTo(2);
      assertThat(Long.parseLong(refused.retryAfter())).isPositive();
    }
  }

  @Test
  void aLoopingAgentIsToldSoAndTheWorkerIsSpared() throws Exception {
    try (PolicyClient client = new PolicyClient(gateway.url(), "127.0.0.4")) {
      int before = worker.calls("watch");
      for (int i = 0; i < 3; i++) {
        assertThat(client.call("shop.watch", "{\"ticket\":7}").error().isMissingNode()).isTrue();
      }

      PolicyClient.Answer loop = client.call("shop.watch", "{\"ticket\":7.0}");

      assertThat(loop.status()).isEqualTo(200);
      assertThat(loop.error().get("code").asInt()).isEqualTo(PolicyErrors.LOOP_DETECTED);
      assertThat(loop.error().get("message").asText()).contains("Loop detected");
      assertThat(worker.calls("watch")).isEqualTo(before + 3);
      assertThat(gateway.policy().counters().get("loops_detected")).isPositive();
    }
  }

  @Test
  void toolsListAdvertisesEachToolsCostOnBothEndpoints() throws Exception {
    try (PolicyClient aggregated = new PolicyClient(gateway.url());
        PolicyClient passthrough = new PolicyClient(passthroughUrl())) {
      for (JsonNode tool : aggregated.request("tools/list", null).result().get("tools")) {
        int cost = tool.get("name").asText().equals("shop.refund") ? 5 : 1;
        assertThat(tool.at("/_meta/dev.toolgate~1cost").asInt())
            .as(tool.toString())
            .isEqualTo(cost);
      }
      for (JsonNode tool : passthrough.request("tools/list", null).result().get("tools")) {
        int cost = tool.get("name").asText().equals("refund") ? 5 : 1;
        assertThat(tool.at("/_meta/dev.toolgate~1cost").asInt())
            .as(tool.toString())
            .isEqualTo(cost);
      }
    }
  }

  @Test
  void canariesNeverLeaveTheGatewayInAnswersErrorsStreamsLogsOrCacheEntries() throws Exception {
    List<String> texts = new ArrayList<>();
    try (PolicyClient aggregated = new PolicyClient(gateway.url());
        PolicyClient passthrough = new PolicyClient(passthroughUrl())) {
      String arguments =
          "{\"note\":\""
              + canaries.leakedText()
              + "\",\"nested\":{\"k\":[\""
              + canaries.aws
              + "\"]}}";
      for (PolicyClient client : List.of(aggregated, passthrough)) {
        String prefix = client == aggregated ? "shop." : "";
        for (String tool : List.of("leak", "fail", "oops", "stream")) {
          texts.add(client.call(prefix + tool, "{}").text());
          texts.add(client.call(prefix + tool, "{}").text()); // a cache hit where cacheable
        }
        texts.add(client.call(prefix + "echo", arguments).text());
        texts.add(client.call(prefix + "echo", arguments).text());
      }
    }

    String output = String.join("\n", texts);
    assertThat(output).contains("[REDACTED:secret]").contains("[REDACTED:aws-access-key-id]");
    assertThat(output).contains("[REDACTED:jwt]").contains("[REDACTED]");
    MemoryResultCache cache = (MemoryResultCache) gateway.policy().cache();
    String stored =
        cache.snapshot().values().stream()
            .map(value -> new String(value, StandardCharsets.UTF_8))
            .reduce("", String::concat);
    assertThat(stored).contains("[REDACTED:secret]");
    String logs = canaries.logText();
    for (String canary : canaries.all()) {
      assertThat(output).as("answers").doesNotContain(canary);
      assertThat(stored).as("cache entries").doesNotContain(canary);
      assertThat(logs).as("logs").doesNotContain(canary);
    }
    assertThat(worker.calls("oops")).isEqualTo(4); // isError results are never cached
  }
}
