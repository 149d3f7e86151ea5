package dev.toolgate.gateway.policy;

import static dev.toolgate.gateway.policy.ShopFixture.json;
import static dev.toolgate.gateway.policy.ShopFixture.request;
import static dev.toolgate.gateway.policy.ShopFixture.textResult;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.gateway.cache.ResultCache;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class CacheResultsTest {

  private static final String ARGS = "{\"sku\":\"A-1\",\"qty\":2}";

  @Test
  void aMissGoesToTheWorkerAndTheNextIdenticalCallIsAHitUnderItsOwnId() throws Exception {
    ShopFixture shop = new ShopFixture();
    shop.answer(shop.call(request(1, "lookup", ARGS)), textResult("stock 5"));

    shop.call(request(2, "lookup", ARGS));

    assertThat(shop.forwarded).hasSize(1);
    JsonNode hit = shop.answers.last().json();
    assertThat(hit.get("id").asInt()).isEqualTo(2);
    assertThat(hit.at("/result/content/0/text").asText()).isEqualTo("stock 5");
    assertThat(hit.at("/result/_meta/dev.toolgate~1cache").asText()).isEqualTo("hit");
    assertThat(shop.services.counters().get("cache_hits")).isEqualTo(1);
    assertThat(shop.services.counters().get("cache_misses")).isEqualTo(1);
  }

  @Test
  void argumentsThatDifferOnlyInKeyOrderWhitespaceAndNumberSpellingShareAnEntry() throws Exception {
    ShopFixture shop = new ShopFixture();
    shop.answer(shop.call(request(1, "lookup", ARGS)), textResult("stock 5"));

    shop.call(request(2, "lookup", "{ \"qty\" : 2.0e0,\n \"sku\" : \"A-\\u0031\" }"));

    assertThat(shop.forwarded).hasSize(1);
    assertThat(shop.answers.last().json().at("/result/content/0/text").asText())
        .isEqualTo("stock 5");
  }

  @Test
  void otherArgumentsMiss() throws Exception {
    ShopFixture shop = new ShopFixture();
    shop.answer(shop.call(request(1, "lookup", ARGS)), textResult("stock 5"));

    shop.call(request(2, "lookup", "{\"sku\":\"A-1\",\"qty\":3}"));

    assertThat(shop.forwarded).hasSize(2);
  }

  @Test
  void theCacheNeverCrossesCallersUnlessTheToolSharesIt() throws Exception {
    ShopFixture shop = new ShopFixture();
    shop.answer(shop.call(request(1, "lookup", ARGS)), textResult("alice's"));
    shop.answer(shop.call(request(2, "catalog", ARGS)), textResult("everyone's"));
    shop.caller.set("bob");

    shop.call(request(3, "lookup", ARGS));
    shop.call(request(4, "catalog", ARGS));

    assertThat(shop.forwarded).extracting(c -> c.message().rawId()).containsExactly("1", "2", "3");
    assertThat(shop.answers.last().json().at("/result/content/0/text").asText())
        .isEqualTo("everyone's");
  }

  @Test
  void anEntryExpiresAfterTheToolsTimeToLive() throws Exception {
    ShopFixture shop = new ShopFixture();
    shop.answer(shop.call(request(1, "catalog", ARGS)), textResult("v1"));
    shop.millis.addAndGet(59_000);
    shop.call(request(2, "catalog", ARGS));
    assertThat(shop.forwarded).hasSize(1);

    shop.millis.addAndGet(2_000);
    shop.call(request(3, "catalog", ARGS));

    assertThat(shop.forwarded).hasSize(2);
  }

  @Test
  void theRefreshDirectiveCallsTheWorkerAndReplacesTheEntry() throws Exception {
    ShopFixture shop = new ShopFixture();
    shop.answer(shop.call(request(1, "catalog", ARGS)), textResult("old"));

    WorkerCall fresh =
        shop.call(request(2, "catalog", ARGS, "{\"dev.toolgate/cache\":\"refresh\"}"));
    assertThat(shop.forwarded).hasSize(2);
    shop.answer(fresh, textResult("new"));
    shop.call(request(3, "catalog", ARGS));

    assertThat(shop.forwarded).hasSize(2);
    assertThat(shop.answers.last().json().at("/result/content/0/text").asText()).isEqualTo("new");
    assertThat(shop.services.counters().get("cache_bypasses")).isEqualTo(1);
  }

  @Test
  void errorsAndIsErrorResultsAreNeverStored() throws Exception {
    ShopFixture shop = new ShopFixture();
    shop.answer(
        shop.call(request(1, "catalog", ARGS)), "\"error\":{\"code\":-32000,\"message\":\"down\"}");
    shop.answer(
        shop.call(request(2, "catalog", ARGS)),
        "\"result\":{\"isError\":true,\"content\":[{\"type\":\"text\",\"text\":\"failed\"}]}");

    shop.call(request(3, "catalog", ARGS));

    assertThat(shop.forwarded).hasSize(3);
    assertThat(shop.memoryCache.snapshot()).isEmpty();
  }

  @Test
  void identicalCallsInFlightShareOneWorkerCallAndEachGetsItsOwnId() throws Exception {
    ShopFixture shop = new ShopFixture();
    WorkerCall leader = shop.call(request(1, "catalog", ARGS));
    List<WorkerCall> followers = new ArrayList<>();
    for (int i = 2; i <= 100; i++) {
      shop.caller.set("caller-" + i); // a shared cache coalesces across callers too
      followers.add(shop.call(request(i, "catalog", ARGS)));
    }
    assertThat(shop.forwarded).containsExactly(leader);

    shop.answer(leader, textResult("once"));

    assertThat(shop.answers.answers).hasSize(99);
    for (WorkerCall follower : followers) {
      JsonNode answer = shop.answers.of(follower).json();
      assertThat(answer.get("id").asText()).isEqualTo(follower.message().rawId());
      assertThat(answer.at("/result/content/0/text").asText()).isEqualTo("once");
      assertThat(answer.at("/result/_meta/dev.toolgate~1cache").asText()).isEqualTo("coalesced");
    }
    assertThat(shop.services.counters().get("cache_coalesced")).isEqualTo(99);
  }

  @Test
  void whenTheLeaderEndsWithoutAnAnswerAWaitingCallLeadsTheNextAttempt() throws Exception {
    ShopFixture shop = new ShopFixture();
    WorkerCall leader = shop.call(request(1, "catalog", ARGS));
    WorkerCall follower = shop.call(request(2, "catalog", ARGS));

    shop.answers.end(leader); // the client went away, the worker never answered

    assertThat(shop.forwarded).containsExactly(leader, follower);
    shop.answer(follower, textResult("second try"));
    shop.call(request(3, "catalog", ARGS));
    assertThat(shop.answers.last().json().at("/result/content/0/text").asText())
        .isEqualTo("second try");
  }

  @Test
  void aCoalescedCallSharesAnErrorAnswerButNothingIsStored() throws Exception {
    ShopFixture shop = new ShopFixture();
    WorkerCall leader = shop.call(request(1, "catalog", ARGS));
    WorkerCall follower = shop.call(request(2, "catalog", ARGS));

    shop.answer(leader, "\"error\":{\"code\":-32000,\"message\":\"busy\"}");

    JsonNode answer = shop.answers.of(follower).json();
    assertThat(answer.get("id").asInt()).isEqualTo(2);
    assertThat(answer.at("/error/message").asText()).isEqualTo("busy");
    assertThat(shop.memoryCache.snapshot()).isEmpty();
  }

  @Test
  void aToolNeitherDeclaredIdempotentNorHintedIsNotCachedDespiteItsCacheSetting() throws Exception {
    ShopFixture shop = new ShopFixture();
    shop.answer(shop.call(request(1, "search", ARGS)), textResult("r"));
    shop.call(request(2, "search", ARGS));
    assertThat(shop.forwarded).hasSize(2);
  }

  @Test
  void aChangedToolDefinitionNeverGetsAnswersCachedForTheOldOne() throws Exception {
    RememberingCache cache = new RememberingCache();
    ShopFixture before = new ShopFixture(PolicyOptions.defaults(), null, cache, null, null);
    before.answer(before.call(request(1, "lookup", ARGS)), textResult("v1"));
    List<ObjectNode> changed = ShopFixture.defaultTools();
    changed.getFirst().putObject("outputSchema").put("type", "object");
    ShopFixture after =
        new ShopFixture(PolicyOptions.defaults(), null, null, cache, null, null, changed);

    after.call(request(2, "lookup", ARGS));

    assertThat(after.forwarded).hasSize(1);
  }

  @Test
  void anUnreachableCacheIsAMissAndTheCallStillGoesThrough() throws Exception {
    ResultCache down =
        new ResultCache() {
          @Override
          public CompletionStage<byte[]> get(String key) {
            return CompletableFuture.failedFuture(new IllegalStateException("down"));
          }

          @Override
          public CompletionStage<Void> put(String key, byte[] value, Duration ttl) {
            return CompletableFuture.failedFuture(new IllegalStateException("down"));
          }
        };
    ShopFixture shop = new ShopFixture(PolicyOptions.defaults(), null, down, null, null);

    WorkerCall call = shop.call(request(1, "catalog", ARGS));
    byte[] sent = shop.answer(call, textResult("fresh"));

    assertThat(json(sent).at("/result/content/0/text").asText()).isEqualTo("fresh");
    assertThat(shop.services.counters().get("cache_failures")).isEqualTo(2);
  }

  /** A cache two fixtures share, to see one's entries from the other. */
  private static final class RememberingCache implements ResultCache {
    final java.util.Map<String, byte[]> entries = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public CompletionStage<byte[]> get(String key) {
      return CompletableFuture.completedFuture(entries.get(key));
    }

    @Override
    public CompletionStage<Void> put(String key, byte[] value, Duration ttl) {
      entries.put(key, value);
      return CompletableFuture.completedFuture(null);
    }
  }

  @Test
  void storesTheResultOnlyNeverTheEnvelope() throws Exception {
    ShopFixture shop = new ShopFixture();
    shop.answer(shop.call(request(1, "catalog", ARGS)), textResult("v"));
    assertThat(shop.memoryCache.snapshot().values())
        .singleElement()
        .satisfies(
            value ->
                assertThat(new String(value, StandardCharsets.UTF_8))
                    .isEqualTo("{\"content\":[{\"type\":\"text\",\"text\":\"v\"}]}"));
  }
}
