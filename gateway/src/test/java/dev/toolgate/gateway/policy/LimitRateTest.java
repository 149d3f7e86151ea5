package dev.toolgate.gateway.policy;

import static dev.toolgate.gateway.policy.ShopFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.gateway.limits.RateDecision;
import dev.toolgate.gateway.limits.RateLimiter;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class LimitRateTest {

  @Test
  void aCallOverTheToolsLimitIsRefusedWith429RetryAfterAndTheRetryTimeInData() throws Exception {
    ShopFixture shop = new ShopFixture();
    shop.call(request(1, "refund", "{}"));
    shop.call(request(2, "refund", "{}"));

    shop.call(request(3, "refund", "{}"));

    assertThat(shop.forwarded).hasSize(2);
    RecordingAnswers.Answer refused = shop.answers.last();
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.header("Retry-After")).isEqualTo("30");
    JsonNode error = refused.json();
    assertThat(error.get("id").asInt()).isEqualTo(3);
    assertThat(error.at("/error/code").asInt()).isEqualTo(PolicyErrors.RATE_LIMITED);
    assertThat(error.at("/error/message").asText())
        .isEqualTo(
            "Rate limit reached: tool shop.refund allows 2 calls per 1m for each caller; retry in"
                + " 30 s");
    assertThat(error.at("/error/data/retryAfterSeconds").asLong()).isEqualTo(30);
    assertThat(error.at("/error/data/limit/tool").asText()).isEqualTo("shop.refund");
    assertThat(shop.services.counters().get("rate_limited")).isEqualTo(1);
  }

  @Test
  void eachCallerHasItsOwnBucketWhenTheLimitIsPerCaller() throws Exception {
    ShopFixture shop = new ShopFixture();
    shop.call(request(1, "refund", "{}"));
    shop.call(request(2, "refund", "{}"));
    shop.caller.set("bob");

    shop.call(request(3, "refund", "{}"));

    assertThat(shop.forwarded).hasSize(3);
    assertThat(shop.answers.answers).isEmpty();
  }

  @Test
  void aPerToolLimitIsSharedByEveryCaller() throws Exception {
    ShopFixture shop = new ShopFixture();
    shop.call(request(1, "quote", "{}"));
    shop.caller.set("bob");

    shop.call(request(2, "quote", "{}"));

    assertThat(shop.forwarded).hasSize(1);
    assertThat(shop.answers.last().json().at("/error/data/limit/per").asText()).isEqualTo("tool");
  }

  @Test
  void tokensComeBackWithTime() throws Exception {
    ShopFixture shop = new ShopFixture();
    shop.call(request(1, "quote", "{}"));
    shop.millis.addAndGet(60_000);

    shop.call(request(2, "quote", "{}"));

    assertThat(shop.forwarded).hasSize(2);
  }

  @Test
  void aScopesLimitCountsEveryToolItGrants() throws Exception {
    ShopFixture shop = new ShopFixture();
    CallPolicy refund = shop.services.policies.of(shop.table.tool("shop.refund").orElseThrow());
    assertThat(refund.scopes())
        .singleElement()
        .satisfies(rule -> assertThat(rule.limit().requests()).isEqualTo(100));
  }

  @Test
  void aToolWithoutPolicyIsNotLookedAtFurther() throws Exception {
    ShopFixture shop = new ShopFixture();
    for (int i = 0; i < 50; i++) {
      shop.call(request(i, "plain", "{\"same\":true}"));
    }
    assertThat(shop.forwarded).hasSize(50);
    assertThat(shop.services.policies.of(shop.table.tool("shop.plain").orElseThrow())).isNull();
  }

  @Test
  void aDecisionThatArrivesLaterContinuesTheCallThen() throws Exception {
    CompletableFuture<RateDecision> later = new CompletableFuture<>();
    RateLimiter slow = limits -> later;
    ShopFixture shop = new ShopFixture(PolicyOptions.defaults(), slow, null, null, null);

    shop.call(request(1, "refund", "{}"));
    assertThat(shop.forwarded).isEmpty();
    later.complete(RateDecision.ALLOWED);

    assertThat(shop.forwarded).hasSize(1);
  }

  @Test
  void withRedisDownAToolWithACostFailsClosedAndOneWithoutFailsOpen() throws Exception {
    RateLimiter down = limits -> CompletableFuture.failedFuture(new IllegalStateException("down"));
    ShopFixture shop = new ShopFixture(PolicyOptions.defaults(), down, null, null, null);

    shop.call(request(1, "refund", "{}"));
    shop.call(request(2, "quote", "{}"));

    assertThat(shop.forwarded).extracting(call -> call.message().rawId()).containsExactly("2");
    RecordingAnswers.Answer refused = shop.answers.last();
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.header("Retry-After")).isEqualTo("1");
    assertThat(refused.json().at("/error/code").asInt()).isEqualTo(PolicyErrors.POLICY_UNAVAILABLE);
    assertThat(shop.services.counters().get("state_failed_closed")).isEqualTo(1);
    assertThat(shop.services.counters().get("state_failed_open")).isEqualTo(1);
  }

  @Test
  void theFailureModeCanOpenOrCloseEverything() throws Exception {
    RateLimiter down = limits -> CompletableFuture.failedFuture(new IllegalStateException("down"));
    ShopFixture open =
        new ShopFixture(
            PolicyOptions.defaults().withFailureMode(PolicyOptions.FailureMode.OPEN),
            down,
            null,
            null,
            null);
    open.call(request(1, "refund", "{}"));
    assertThat(open.forwarded).hasSize(1);

    ShopFixture closed =
        new ShopFixture(
            PolicyOptions.defaults().withFailureMode(PolicyOptions.FailureMode.CLOSED),
            down,
            null,
            null,
            null);
    closed.call(request(1, "quote", "{}"));
    assertThat(closed.forwarded).isEmpty();
  }
}
