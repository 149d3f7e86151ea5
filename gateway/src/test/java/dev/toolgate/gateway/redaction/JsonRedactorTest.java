package dev.toolgate.gateway.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonRedactorTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "AKIAIOSFODNN7EXAMPLE";

  private static byte[] bytes(String text) {
    return text.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
  }

  private static JsonNode redacted(String message) throws Exception {
    return JSON.readTree(JsonRedactor.redact(bytes(message), Redactor.builtIn()));
  }

  @Test
  void redactsTextStructuredContentFieldByFieldAndEmbeddedResources() throws Exception {
    JsonNode out =
        redacted(
            "{'jsonrpc':'2.0','id':3,'result':{'content':[{'type':'text','text':'key "
                + KEY
                + "'},{'type':'resource','resource':{'uri':'file:///k','text':'"
                + KEY
                + "'}}],'structuredContent':{'user':'ann','keys':['"
                + KEY
                + "',7],'nested':{'key':'"
                + KEY
                + "','count':2.50}}}}");

    assertThat(out.toString()).doesNotContain(KEY);
    assertThat(out.at("/result/content/0/text").asText())
        .isEqualTo("key [REDACTED:aws-access-key-id]");
    assertThat(out.at("/result/content/1/resource/text").asText())
        .isEqualTo("[REDACTED:aws-access-key-id]");
    JsonNode structured = out.at("/result/structuredContent");
    assertThat(structured.at("/user").asText()).isEqualTo("ann");
    assertThat(structured.at("/keys").size()).isEqualTo(2);
    assertThat(structured.at("/keys/1").asInt()).isEqualTo(7);
    assertThat(structured.at("/nested/key").asText()).isEqualTo("[REDACTED:aws-access-key-id]");
    assertThat(structured.at("/nested/count").decimalValue()).isEqualByComparingTo("2.5");
  }

  @Test
  void redactsErrorMessagesAndDataButNeverTheId() throws Exception {
    JsonNode out =
        redacted(
            "{'jsonrpc':'2.0','id':'"
                + KEY
                + "','error':{'code':-32000,'message':'bad key "
                + KEY
                + "','data':{'detail':'"
                + KEY
                + "'}}}");

    assertThat(out.get("id").asText()).isEqualTo(KEY);
    assertThat(out.at("/error/message").asText()).isEqualTo("bad key [REDACTED:aws-access-key-id]");
    assertThat(out.at("/error/data/detail").asText()).isEqualTo("[REDACTED:aws-access-key-id]");
  }

  @Test
  void anAnswerWithoutSecretsComesBackAsTheSameBytes() {
    byte[] clean =
        bytes("{'jsonrpc':'2.0','id':1,'result':{'content':[{'type':'text','text':'AKIA'}]}}");
    assertThat(JsonRedactor.redact(clean, Redactor.builtIn())).isSameAs(clean);
  }
}
