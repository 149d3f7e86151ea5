package dev.toolgate.gateway.policy;

import static dev.toolgate.gateway.policy.ShopFixture.json;
import static dev.toolgate.gateway.policy.ShopFixture.request;
import static dev.toolgate.gateway.policy.ShopFixture.textResult;
import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.api.config.RedactionConfig;
import dev.toolgate.api.config.SecretFingerprints;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactAnswersTest {

  private static final byte[] KEY =
      "gateway-and-operator-shared-key!".getBytes(StandardCharsets.UTF_8);
  private static final String SECRET = "stripe-live-4f9a8b7c6d5e";
  private static final String AWS = "AKIAIOSFODNN7EXAMPLE";

  private static RedactionConfig redaction(SecretFingerprints keys) {
    return new RedactionConfig(
        List.of("inv_[0-9]{6}"),
        List.of(new RedactionConfig.SecretRef("tools", "stripe", "token")),
        List.of(keys.of(SECRET)));
  }

  @Test
  void aToolsAnswerLosesSecretValuesBuiltInFormatsAndItsOwnPatternsAndTheCacheKeepsThatVersion()
      throws Exception {
    SecretFingerprints keys = SecretFingerprints.withKey(KEY);
    ShopFixture shop = new ShopFixture(PolicyOptions.defaults(), null, null, redaction(keys), keys);
    WorkerCall call = shop.call(request(1, "catalog", "{}"));

    byte[] sent =
        shop.answer(
            call,
            "\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"key "
                + SECRET
                + " for inv_123456\"}],\"structuredContent\":{\"aws\":\""
                + AWS
                + "\",\"n\":1}}");

    String text = new String(sent, StandardCharsets.UTF_8);
    assertThat(text).doesNotContain(SECRET).doesNotContain(AWS).doesNotContain("inv_123456");
    assertThat(json(sent).at("/result/content/0/text").asText())
        .isEqualTo("key [REDACTED:secret] for [REDACTED]");
    assertThat(json(sent).at("/result/structuredContent/n").asInt()).isEqualTo(1);
    assertThat(shop.memoryCache.snapshot().values())
        .singleElement()
        .satisfies(
            stored ->
                assertThat(new String(stored, StandardCharsets.UTF_8))
                    .doesNotContain(SECRET)
                    .doesNotContain(AWS)
                    .contains("[REDACTED:secret]"));
    assertThat(shop.services.counters().get("redacted_messages")).isEqualTo(1);
  }

  @Test
  void aToolWithoutPolicyStillLosesBuiltInSecretFormats() throws Exception {
    ShopFixture shop = new ShopFixture();
    WorkerCall call = shop.call(request(1, "plain", "{}"));

    byte[] sent = shop.answer(call, textResult("token " + AWS));

    assertThat(new String(sent, StandardCharsets.UTF_8)).doesNotContain(AWS);
  }

  @Test
  void eventsRelayedDuringTheCallAreRedactedToo() throws Exception {
    ShopFixture shop = new ShopFixture();
    WorkerCall call = shop.call(request(1, "plain", "{}"));

    String event =
        call.eventRewrite()
            .apply(
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"level\":"
                    + "\"info\",\"data\":\"using "
                    + AWS
                    + "\"}}");

    assertThat(event).doesNotContain(AWS).contains("[REDACTED:aws-access-key-id]");
  }

  @Test
  void builtInDetectorsCanBeTurnedOff() throws Exception {
    ShopFixture shop =
        new ShopFixture(
            PolicyOptions.defaults().withBuiltInRedaction(false), null, null, null, null);
    WorkerCall call = shop.call(request(1, "plain", "{}"));

    assertThat(new String(shop.answer(call, textResult(AWS)), StandardCharsets.UTF_8))
        .contains(AWS);
  }

  @Test
  void aWorkerWhoseSecretsWereFingerprintedWithAnotherKeyIsNotCalled() throws Exception {
    SecretFingerprints operatorKeys = SecretFingerprints.withKey(KEY);
    SecretFingerprints gatewayKeys =
        SecretFingerprints.withKey(
            "a different key, thirty-two bytes".getBytes(StandardCharsets.UTF_8));
    ShopFixture shop =
        new ShopFixture(PolicyOptions.defaults(), null, null, redaction(operatorKeys), gatewayKeys);

    shop.call(request(1, "plain", "{}"));

    assertThat(shop.forwarded).isEmpty();
    RecordingAnswers.Answer refused = shop.answers.last();
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.json().at("/error/code").asInt())
        .isEqualTo(PolicyErrors.REDACTION_UNAVAILABLE);
  }

  @Test
  void aWorkerWithFingerprintsButAGatewayWithoutAKeyIsNotCalled() throws Exception {
    ShopFixture shop =
        new ShopFixture(
            PolicyOptions.defaults(), null, null, redaction(SecretFingerprints.withKey(KEY)), null);

    shop.call(request(1, "plain", "{}"));

    assertThat(shop.forwarded).isEmpty();
  }
}
