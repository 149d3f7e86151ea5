package dev.toolgate.testing.authorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceIndicatorsTest {

  @Test
  void readsOneOrRepeatedParameters() {
    assertThat(ResourceIndicators.parse(null)).isEmpty();
    assertThat(ResourceIndicators.parse("http://127.0.0.1:8080/mcp"))
        .containsExactly("http://127.0.0.1:8080/mcp");
    assertThat(
            ResourceIndicators.parse(new String[] {"https://a.example/mcp", "https://b.example"}))
        .containsExactly("https://a.example/mcp", "https://b.example");
  }

  @Test
  void repeatedValuesCountOnce() {
    assertThat(ResourceIndicators.parse(new String[] {"https://a.example", "https://a.example"}))
        .containsExactly("https://a.example");
  }

  @Test
  void rejectsRelativeUris() {
    assertThatThrownBy(() -> ResourceIndicators.parse("/mcp"))
        .isInstanceOf(ResourceIndicators.InvalidTargetException.class);
  }

  @Test
  void rejectsFragments() {
    assertThatThrownBy(() -> ResourceIndicators.parse("https://a.example/mcp#tools"))
        .isInstanceOf(ResourceIndicators.InvalidTargetException.class);
  }

  @Test
  void tokenRequestWithoutResourceKeepsTheAuthorizedOnes() {
    assertThat(ResourceIndicators.audience(List.of("https://a.example"), List.of()))
        .containsExactly("https://a.example");
  }

  @Test
  void tokenRequestMayNarrowTheAuthorizedResources() {
    assertThat(
            ResourceIndicators.audience(
                List.of("https://a.example", "https://b.example"), List.of("https://b.example")))
        .containsExactly("https://b.example");
  }

  @Test
  void tokenRequestMayNotWidenTheAuthorizedResources() {
    assertThatThrownBy(
            () ->
                ResourceIndicators.audience(
                    List.of("https://a.example"), List.of("https://b.example")))
        .isInstanceOf(ResourceIndicators.InvalidTargetException.class);
  }

  @Test
  void clientCredentialsNameTheirResourceAtTheTokenEndpoint() {
    assertThat(ResourceIndicators.audience(List.of(), List.of("https://a.example")))
        .containsExactly("https://a.example");
  }
}
