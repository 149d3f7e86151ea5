package dev.toolgate.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AdvertiseCostTest {

  @Test
  void theAggregatedListShowsEachToolsCostInMeta() throws Exception {
    ShopFixture shop = new ShopFixture();
    JsonNode tools = ShopFixture.JSON.readTree(shop.table.toolsListResult()).get("tools");

    for (JsonNode tool : tools) {
      int expected = tool.get("name").asText().equals("shop.refund") ? 5 : 1;
      assertThat(tool.at("/_meta/dev.toolgate~1cost").asInt())
          .as(tool.toString())
          .isEqualTo(expected);
    }
  }

  @Test
  void aPassthroughListShowsTheCostAndKeepsTheWorkersOwnMeta() throws Exception {
    ShopFixture shop = new ShopFixture();
    byte[] answer =
        ("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":[{\"name\":\"refund\",\"_meta\":"
                + "{\"mine\":true},\"inputSchema\":{\"type\":\"object\"}}]}}")
            .getBytes(StandardCharsets.UTF_8);

    JsonNode listed =
        ShopFixture.json(AdvertiseCost.withCosts(answer, shop.table, "tools/shop"))
            .at("/result/tools/0/_meta");

    assertThat(listed.get("dev.toolgate/cost").asInt()).isEqualTo(5);
    assertThat(listed.get("mine").asBoolean()).isTrue();
  }
}
