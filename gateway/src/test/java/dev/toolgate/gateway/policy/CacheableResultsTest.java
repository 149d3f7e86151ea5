package dev.toolgate.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CacheableResultsTest {

  private static String of(String answer) {
    byte[] result = CacheableResults.of(answer.getBytes(StandardCharsets.UTF_8));
    return result == null ? null : new String(result, StandardCharsets.UTF_8);
  }

  @Test
  void aSuccessfulResultIsStoredAsTheWorkerWroteIt() {
    String result =
        "{ \"content\": [{\"type\":\"text\",\"text\":\"caf\u00e9 \\\"}\\\" {\"}],"
            + " \"structuredContent\": {\"isError\": true, \"n\": [1, 2.50]}, \"isError\": false }";
    assertThat(of("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":" + result + "}")).isEqualTo(result);
    assertThat(of("{\"result\":" + result + ",\"jsonrpc\":\"2.0\",\"id\":\"x\"}"))
        .isEqualTo(result);
  }

  @Test
  void errorsAndErrorResultsAreNeverStored() {
    assertThat(of("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32603,\"message\":\"x\"}}"))
        .isNull();
    assertThat(of("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[],\"isError\":true}}"))
        .isNull();
    assertThat(of("{\"id\":1,\"result\":{\"isError\":\"true\",\"content\":[]}}")).isNull();
    assertThat(of("{\"id\":1,\"result\":{\"isError\":1}}")).isNull();
    assertThat(of("{\"id\":1,\"result\":{\"content\":[]},\"error\":{\"code\":1}}")).isNull();
  }

  @Test
  void anythingButAResultObjectIsNotStored() {
    assertThat(of("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[1]}")).isNull();
    assertThat(of("{\"jsonrpc\":\"2.0\",\"id\":1}")).isNull();
    assertThat(of("[{\"result\":{}}]")).isNull();
    assertThat(of("{\"result\":{\"content\":[")).isNull();
    assertThat(of("")).isNull();
  }
}
