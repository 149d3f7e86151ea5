package dev.toolgate.gateway.policy;

import static dev.toolgate.gateway.policy.ShopFixture.json;
import static dev.toolgate.gateway.policy.ShopFixture.request;
import static dev.toolgate.gateway.policy.ShopFixture.textResult;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class ChargeBudgetTest {

  @Test
  void anAnswerCarriesTheCallersRemainingBudgetInMeta() throws Exception {
    ShopFixture shop = new ShopFixture();
    WorkerCall call = shop.call(request(1, "refund", "{}"));

    JsonNode answer = json(shop.answer(call, textResult("refunded")));

    JsonNode budget = answer.at("/result/_meta/dev.toolgate~1budget/0");
    assertThat(budget.get("scope").asText()).isEqualTo("shop:write");
    assertThat(budget.get("remaining").asLong()).isEqualTo(7);
    assertThat(budget.get("units").asLong()).isEqualTo(12);
    assertThat(budget.get("period").asText()).isEqualTo("24h");
    assertThat(budget.get("renewsInSeconds").asLong()).isEqualTo(14 * 3600);
    assertThat(answer.at("/result/content/0/text").asText()).isEqualTo("refunded");
  }

  @Test
  void aCallerOverBudgetIsRefusedLikeARateLimitUntilThePeriodRenews() throws Exception {
    ShopFixture shop = new ShopFixture();
    shop.call(request(1, "refund", "{}"));
    shop.millis.addAndGet(60_000); // the tool's own limit allows 2 a minute
    shop.call(request(2, "refund", "{}"));
    shop.millis.addAndGet(60_000);

    shop.call(request(3, "refund", "{}"));

    assertThat(shop.forwarded).hasSize(2);
    RecordingAnswers.Answer refused = shop.answers.last();
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.header("Retry-After")).isEqualTo(Long.toString(14 * 3600));
    JsonNode error = refused.json().get("error");
    assertThat(error.get("code").asInt()).isEqualTo(PolicyErrors.BUDGET_EXHAUSTED);
    assertThat(error.get("message").asText())
        .isEqualTo(
            "Budget exhausted: scope shop:write allows 12 units per 24h for each caller; this"
                + " call costs 5 and 2 remain; the budget renews in 50400 s");
    assertThat(error.at("/data/budget/remaining").asLong()).isEqualTo(2);
    assertThat(error.at("/data/cost").asLong()).isEqualTo(5);
  }

  @Test
  void eachCallerHasItsOwnBudget() throws Exception {
    ShopFixture shop = new ShopFixture();
    for (int i = 0; i < 10; i++) {
      shop.call(request(i, "lookup", "{\"n\":" + i + "}"));
    }
    shop.call(request(10, "lookup", "{\"n\":10}"));
    assertThat(shop.answers.last().json().at("/error/code").asInt())
        .isEqualTo(PolicyErrors.BUDGET_EXHAUSTED);

    shop.caller.set("bob");
    shop.call(request(11, "lookup", "{\"n\":11}"));

    assertThat(shop.forwarded).hasSize(11);
  }

  @Test
  void errorsGetNoBudgetInMeta() throws Exception {
    ShopFixture shop = new ShopFixture();
    WorkerCall call = shop.call(request(1, "refund", "{}"));

    JsonNode answer = json(shop.answer(call, "\"error\":{\"code\":-32000,\"message\":\"no\"}"));

    assertThat(answer.has("result")).isFalse();
    assertThat(answer.at("/error/message").asText()).isEqualTo("no");
  }
}
