package dev.toolgate.gateway.policy;

import static dev.toolgate.gateway.policy.ShopFixture.request;
import static dev.toolgate.gateway.policy.ShopFixture.textResult;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class DetectLoopsTest {

  @Test
  void theSameCallMoreThanTheMaximumInTheWindowIsRefusedAsALoop() throws Exception {
    ShopFixture shop = new ShopFixture();
    for (int i = 0; i < 3; i++) {
      shop.call(request(i, "watch", "{\"ticket\":42}"));
    }

    shop.call(request(3, "watch", "{ \"ticket\" : 42.0 }"));

    assertThat(shop.forwarded).hasSize(3);
    RecordingAnswers.Answer refused = shop.answers.last();
    assertThat(refused.status()).isEqualTo(200);
    JsonNode error = refused.json().get("error");
    assertThat(error.get("code").asInt()).isEqualTo(PolicyErrors.LOOP_DETECTED);
    assertThat(error.get("message").asText())
        .startsWith("Loop detected: shop.watch was called with these same arguments more than 3")
        .contains("This call was not sent to the tool.");
    assertThat(shop.services.counters().get("loops_detected")).isEqualTo(1);
  }

  @Test
  void otherArgumentsOrAnotherCallerAreNoLoop() throws Exception {
    ShopFixture shop = new ShopFixture();
    for (int i = 0; i < 3; i++) {
      shop.call(request(i, "watch", "{\"ticket\":42}"));
    }
    shop.call(request(3, "watch", "{\"ticket\":43}"));
    shop.caller.set("bob");
    shop.call(request(4, "watch", "{\"ticket\":42}"));

    assertThat(shop.forwarded).hasSize(5);
  }

  @Test
  void theWindowSlides() throws Exception {
    ShopFixture shop = new ShopFixture();
    for (int i = 0; i < 3; i++) {
      shop.call(request(i, "watch", "{}"));
    }
    shop.millis.addAndGet(60_001);

    shop.call(request(3, "watch", "{}"));

    assertThat(shop.forwarded).hasSize(4);
  }

  @Test
  void aLoopingCallOfACacheableToolIsAnsweredFromTheCacheEvenWhenItAsksForAFreshAnswer()
      throws Exception {
    ShopFixture shop = new ShopFixture();
    shop.answer(shop.call(request(0, "catalog", "{\"q\":\"x\"}")), textResult("first"));
    String refresh = "{\"dev.toolgate/cache\":\"refresh\"}";
    for (int i = 1; i < 20; i++) {
      shop.answer(shop.call(request(i, "catalog", "{\"q\":\"x\"}", refresh)), textResult("again"));
    }
    assertThat(shop.forwarded).hasSize(20);

    shop.call(request(20, "catalog", "{\"q\":\"x\"}", refresh));

    assertThat(shop.forwarded).hasSize(20);
    assertThat(shop.answers.last().json().at("/result/content/0/text").asText()).isEqualTo("again");
    assertThat(shop.answers.last().json().get("id").asInt()).isEqualTo(20);
    assertThat(shop.services.counters().get("loops_detected")).isEqualTo(1);
    assertThat(shop.services.counters().get("loops_answered_from_cache")).isEqualTo(1);
  }

  @Test
  void toolsWithOtherPolicyGetTheGatewaysDefaultAndToolsWithoutNone() throws Exception {
    ShopFixture shop = new ShopFixture();
    CallPolicy refund = shop.services.policies.of(shop.table.tool("shop.refund").orElseThrow());
    assertThat(refund.loop().maxRepeats()).isEqualTo(20);
    assertThat(refund.loop().window()).isEqualTo("10m");
    assertThat(shop.services.policies.of(shop.table.tool("shop.plain").orElseThrow())).isNull();
  }
}
