package dev.toolgate.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
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

  @Test
  void theSchemaHashCoversWhatAToolMeansAndNothingElse() throws Exception {
    ToolDefinition base =
        of(
            "{\"name\":\"t\",\"description\":\"d\",\"inputSchema\":{\"type\":\"object\"},"
                + "\"annotations\":{\"readOnlyHint\":true}}");
    ToolDefinition presentedOtherwise =
        of(
            "{\"annotations\":{\"readOnlyHint\":true},\"inputSchema\":{\"type\":\"object\"},"
                + "\"description\":\"d\",\"name\":\"t\",\"title\":\"T\",\"icons\":[],"
                + "\"_meta\":{\"x\":1}}");

    assertThat(presentedOtherwise.hash()).isEqualTo(base.hash());
    for (String changed :
        List.of(
            "{\"name\":\"u\",\"description\":\"d\",\"inputSchema\":{\"type\":\"object\"},"
                + "\"annotations\":{\"readOnlyHint\":true}}",
            "{\"name\":\"t\",\"description\":\"e\",\"inputSchema\":{\"type\":\"object\"},"
                + "\"annotations\":{\"readOnlyHint\":true}}",
            "{\"name\":\"t\",\"description\":\"d\",\"inputSchema\":{\"type\":\"array\"},"
                + "\"annotations\":{\"readOnlyHint\":true}}",
            "{\"name\":\"t\",\"description\":\"d\",\"inputSchema\":{\"type\":\"object\"},"
                + "\"outputSchema\":{\"type\":\"object\"},\"annotations\":{\"readOnlyHint\":true}}",
            "{\"name\":\"t\",\"description\":\"d\",\"inputSchema\":{\"type\":\"object\"},"
                + "\"annotations\":{\"readOnlyHint\":false}}")) {
      assertThat(of(changed).hash()).as(changed).isNotEqualTo(base.hash());
    }
  }

  @Test
  void theSchemaHashIsTheSha256OfTheCanonicalJsonAsSha256sumPrintsIt() throws Exception {
    // printf '%s' '{"description":"d","name":"t"}' | sha256sum
    assertThat(of("{\"name\":\"t\",\"description\":\"d\",\"title\":\"x\"}").hash())
        .isEqualTo("sha256:b9f15ebfa8bc28bcffb5a46b5a868e0d86c2664f18a2661e6573f8172e1ec05f");
  }
}
