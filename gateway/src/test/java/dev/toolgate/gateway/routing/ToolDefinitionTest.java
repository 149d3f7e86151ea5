package dev.toolgate.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ToolDefinitionTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static ToolDefinition of(String json) throws Exception {
    return ToolDefinition.of(JSON.readTree(json));
  }

  @Test
  void theHashIgnoresSpellingButNotMeaning() throws Exception {
    ToolDefinition a = of("{\"name\":\"t\",\"inputSchema\":{\"type\":\"object\",\"maxItems\":10}}");
    ToolDefinition b =
        of("{ \"inputSchema\" : {\"maxItems\":1e1, \"type\":\"object\"}, \"name\":\"t\" }");
    ToolDefinition c = of("{\"name\":\"t\",\"inputSchema\":{\"type\":\"object\",\"maxItems\":11}}");

    assertThat(a.hash()).isEqualTo(b.hash()).startsWith("sha256:");
    assertThat(c.hash()).isNotEqualTo(a.hash());
  }

  @Test
  void readsTheHintsThatAllowCaching() throws Exception {
    assertThat(of("{\"name\":\"t\",\"annotations\":{\"readOnlyHint\":true}}").hintsCacheable())
        .isTrue();
    assertThat(of("{\"name\":\"t\",\"annotations\":{\"idempotentHint\":true}}").hintsCacheable())
        .isTrue();
    assertThat(of("{\"name\":\"t\",\"annotations\":{\"destructiveHint\":true}}").hintsCacheable())
        .isFalse();
    assertThat(of("{\"name\":\"t\"}").hintsCacheable()).isFalse();
  }
}
